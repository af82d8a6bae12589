FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# collectstatic needs settings to load; the key is thrown away with this layer.
RUN SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput

RUN useradd --create-home --uid 1000 careerfit
USER careerfit

EXPOSE 8000
# --reuse-port: each worker listens on its own socket and the kernel spreads new connections
# over them; with one shared socket, a few keep-alive connections (a proxy's, say) can all land
# on one worker and leave the other core idle (make bench shows how often).
CMD ["gunicorn", "careerfit.wsgi", "--bind", "0.0.0.0:8000", "--worker-class", "gthread", "--workers", "2", "--threads", "4", "--reuse-port", "--access-logfile", "-"]
