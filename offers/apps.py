from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = "Offers and scoring"

    def ready(self):
        from offers import signals  # noqa: F401  (connects the receivers)
