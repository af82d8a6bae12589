from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from counselling import selectors, services
from counselling.forms import GrantAccessForm, NoteForm, ReplyForm
from counselling.models import CounsellorAccess, CounsellorNote
from offers import rendering, report
from offers import selectors as offer_selectors
from offers.exports import comparison_csv_response


def counsellor_required(view):
    """Logged-in counsellors only; anyone else gets a 404, so the area is not advertised."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_counsellor:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


# The client's side: sharing.


@login_required
def sharing(request):
    form = GrantAccessForm(request.POST or None, client=request.user)
    if request.method == "POST" and form.is_valid():
        services.access_grant(client=request.user, email=form.cleaned_data["email"])
        # The same words whether or not a counsellor has that address: nothing is revealed.
        messages.info(
            request,
            f"If {form.cleaned_data['email']} belongs to a CareerFit counsellor, they can now "
            "read your comparisons and are listed under “Counsellors with access”. If they are "
            "not listed, check the address with your counsellor.",
        )
        return redirect("counselling:sharing")
    grants = CounsellorAccess.objects.filter(client=request.user).select_related("counsellor")
    return render(request, "counselling/sharing.html", {"form": form, "grants": grants})


@login_required
def access_revoke(request, pk):
    grant = get_object_or_404(
        CounsellorAccess.objects.select_related("counsellor"), pk=pk, client=request.user
    )
    if request.method == "POST":
        services.access_revoke(grant=grant)
        messages.success(request, f"{grant.counsellor.email} can no longer see your comparisons.")
        return redirect("counselling:sharing")
    return render(request, "counselling/access_confirm_revoke.html", {"grant": grant})


@login_required
@require_POST
def note_hide(request, pk):
    note = get_object_or_404(CounsellorNote, pk=pk, comparison__owner=request.user)
    hidden = request.POST.get("hidden") == "1"
    services.note_set_hidden(note=note, hidden=hidden)
    messages.success(request, "Note hidden." if hidden else "Note shown again.")
    return redirect(f"{note.comparison.get_absolute_url()}#notes")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def note_reply(request, pk):
    """The client answers a note on their comparison; GET shows the note with its thread."""
    note = get_object_or_404(
        selectors.with_threads(CounsellorNote.objects.select_related("comparison")),
        pk=pk,
        comparison__owner=request.user,
    )
    return _reply(
        request,
        note,
        page_url=note.comparison.get_absolute_url(),
        done=f"Reply sent. {note.author_name} can read it now.",
    )


def _reply(request, note, *, page_url: str, done: str):
    """Show a note's thread with a reply form, or save the reply and go back to the note."""
    can_reply = services.can_reply(note=note, user=request.user)
    form = ReplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and can_reply and form.is_valid():
        try:
            services.reply_create(note=note, author=request.user, text=form.cleaned_data["text"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
        return redirect(services.note_anchor(page_url, note))
    if request.method == "POST" and not can_reply:
        messages.error(request, "This conversation is read-only: your reply was not sent.")
        return redirect(services.note_anchor(page_url, note))
    return render(
        request,
        "counselling/note_reply.html",
        {
            "note": note,
            "comparison": note.comparison,
            "page_url": page_url,
            "form": form,
            "can_reply": can_reply,
            "revoked": not can_reply,
            "for_counsellor": note.author_id == request.user.pk,
        },
    )


# The counsellor's side.


def visible_comparison(request, pk):
    return get_object_or_404(
        selectors.visible_comparisons(request.user)
        .select_related("owner", "priority_check")
        .with_versions(),
        pk=pk,
    )


def own_notes(request):
    """The notes the counsellor wrote on comparisons they can still see."""
    return CounsellorNote.objects.filter(
        author=request.user, comparison__in=selectors.visible_comparisons(request.user)
    )


def own_note(request, pk) -> CounsellorNote:
    """One of `own_notes`, or a 404."""
    return get_object_or_404(own_notes(request).select_related("comparison__owner"), pk=pk)


# Sortable columns: heading, sort key, and whether a first click sorts it descending.
SORTS = {
    "name": ("Client", lambda r: r.client.get_full_name().casefold(), False),
    "deadline": (
        "Soonest answer",
        lambda r: (r.soonest_deadline is None, r.soonest_deadline),
        False,
    ),
    "changes": ("New since you looked", lambda r: r.changes, True),
    "updated": ("Last update", lambda r: (r.last_update is not None, r.last_update), True),
}
DEFAULT_SORT = "-updated"


def _sort_of(value: str) -> tuple[str, bool]:
    """ "deadline" sorts ascending, "-deadline" descending; anything else is the default."""
    key = value.removeprefix("-")
    if key not in SORTS:
        return _sort_of(DEFAULT_SORT)
    return key, value.startswith("-")


@counsellor_required
@require_safe
def client_list(request):
    """The caseload: one row per client, what needs the counsellor flagged, filters, sorting."""
    rows = selectors.caseload(request.user)
    flags = [f for f in map(selectors.Flag.from_slug, request.GET.getlist("flag")) if f]
    shown = [r for r in rows if all(f in r.flags for f in flags)]
    sort, descending = _sort_of(request.GET.get("sort", DEFAULT_SORT))
    shown.sort(key=SORTS[sort][1], reverse=descending)
    return render(
        request,
        "counselling/client_list.html",
        {
            "rows": shown,
            "total": len(rows),
            "flags": [(f, f in flags, sum(f in r.flags for r in rows)) for f in selectors.Flag],
            "filtered": bool(flags),
            "columns": _sort_links(request, sort, descending),
            "deadline_days": selectors.DEADLINE_SOON_DAYS,
        },
    )


def _sort_links(request, sort: str, descending: bool) -> dict[str, dict]:
    """Per sortable column: a link that sorts by it (the other way round when it is the sort
    in force), keeping the filters, and its aria-sort value."""
    columns = {}
    for key, (heading, _, first_descending) in SORTS.items():
        down = (not descending) if key == sort else first_descending
        query = request.GET.copy()
        query["sort"] = f"{'-' if down else ''}{key}"
        columns[key] = {
            "heading": heading,
            "url": f"?{query.urlencode()}",
            "aria_sort": ("descending" if descending else "ascending") if key == sort else None,
        }
    return columns


@counsellor_required
@require_safe
def client_detail(request, pk):
    client = get_object_or_404(selectors.visible_clients(request.user), pk=pk)
    summaries = offer_selectors.comparison_summaries(client.comparisons.all())
    services.client_seen(counsellor=request.user, client_id=client.pk)
    return render(
        request, "counselling/client_detail.html", {"client": client, "summaries": summaries}
    )


def _client_comparison_page(request, comparison, note_form):
    return render(
        request,
        "counselling/client_comparison.html",
        {
            "comparison": comparison,
            "client": comparison.owner,
            "report_html": rendering.comparison_report(
                request,
                comparison,
                for_owner=False,
                export_url=reverse("counselling:comparison-export", args=[comparison.pk]),
                report_url=reverse("counselling:comparison-report", args=[comparison.pk]),
            ),
            "notes": list(selectors.notes_by(comparison, request.user)),
            "note_form": note_form,
        },
    )


@counsellor_required
@require_safe
def client_comparison(request, pk):
    comparison = visible_comparison(request, pk)
    services.client_seen(counsellor=request.user, client_id=comparison.owner_id)
    return _client_comparison_page(request, comparison, NoteForm(comparison=comparison))


@counsellor_required
@require_safe
def client_comparison_export(request, pk):
    comparison = visible_comparison(request, pk)
    # Named after the client too: a counsellor downloads many clients' "Spring offers".
    return comparison_csv_response(
        report.build(offer_selectors.comparison_data(comparison), for_owner=False),
        whose=comparison.owner.get_full_name(),
    )


@counsellor_required
@require_safe
def client_report(request, pk):
    """Every comparison of a client, each on its own A4 page, with this counsellor's notes."""
    client = get_object_or_404(selectors.visible_clients(request.user), pk=pk)
    comparisons = list(client.comparisons.with_versions().select_related("priority_check"))
    return _report_page(
        request,
        client,
        comparisons,
        back_url=reverse("counselling:client-detail", args=[client.pk]),
        back_text=f"Back to {client.get_full_name()}",
    )


@counsellor_required
@require_safe
def client_comparison_report(request, pk):
    comparison = visible_comparison(request, pk)
    return _report_page(
        request,
        comparison.owner,
        [comparison],
        back_url=reverse("counselling:comparison", args=[comparison.pk]),
        back_text="Back to the comparison",
    )


def _report_page(request, client, comparisons, **context):
    return render(
        request,
        "offers/report.html",
        {
            "client": client,
            "for_owner": False,
            "sheets": rendering.report_sheets(request, comparisons, for_owner=False),
            "notes_by_comparison": selectors.notes_on(comparisons, author=request.user),
            **context,
        },
    )


@counsellor_required
@require_http_methods(["GET", "HEAD", "POST"])
def note_create(request, pk):
    comparison = visible_comparison(request, pk)
    comparison_url = reverse("counselling:comparison", args=[comparison.pk])
    if request.method != "POST":
        # Reloading the page a refused note came back on lands here: show the comparison.
        return redirect(f"{comparison_url}#notes")
    form = NoteForm(request.POST, comparison=comparison)
    if not form.is_valid():
        # The browser scrolls to the focused field: the counsellor lands on the message and
        # the text still to fix, not at the top of a long page.
        form.fields["text"].widget.attrs["autofocus"] = True
        return _client_comparison_page(request, comparison, form)
    note = services.note_create(
        comparison=comparison,
        author=request.user,
        text=form.cleaned_data["text"],
        offer=form.cleaned_data["offer"],
    )
    messages.success(request, f"Note saved. {comparison.owner.get_short_name()} can read it now.")
    return redirect(services.note_anchor(comparison_url, note))


@counsellor_required
def note_update(request, pk):
    note = own_note(request, pk)
    form = NoteForm(request.POST or None, instance=note, comparison=note.comparison)
    if request.method == "POST" and form.is_valid():
        services.note_update(
            note=note, text=form.cleaned_data["text"], offer=form.cleaned_data["offer"]
        )
        messages.success(request, "Note updated.")
        comparison_url = reverse("counselling:comparison", args=[note.comparison_id])
        return redirect(services.note_anchor(comparison_url, note))
    return render(request, "counselling/note_form.html", {"form": form, "note": note})


@counsellor_required
def note_delete(request, pk):
    note = own_note(request, pk)
    if request.method == "POST":
        services.note_delete(note=note)
        messages.success(request, "Note deleted.")
        return redirect(f"{reverse('counselling:comparison', args=[note.comparison_id])}#notes")
    return render(request, "counselling/note_confirm_delete.html", {"note": note})


@counsellor_required
@require_http_methods(["GET", "HEAD", "POST"])
def counsellor_note_reply(request, pk):
    """The note's author answers in its thread, while they still have access."""
    note = get_object_or_404(
        selectors.with_threads(own_notes(request)).select_related("comparison__owner"), pk=pk
    )
    return _reply(
        request,
        note,
        page_url=reverse("counselling:comparison", args=[note.comparison_id]),
        done=f"Reply sent. {note.comparison.owner.get_short_name()} can read it now.",
    )
