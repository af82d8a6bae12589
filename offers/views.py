from copy import copy

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from offers import exports, money, rendering, report, selectors, services
from offers.forms import (
    NONE_OF_THESE,
    ComparisonForm,
    DecisionForm,
    ExchangeRateForm,
    ImportanceForm,
    OfferForm,
    PayTermsForm,
    PlanTickForm,
    PriorityCheckForm,
    PriorityForm,
    plain_number,
)
from offers.models import Comparison, Offer, ScoringVersion
from offers.scoring import Importance, Priority, Verdict


def own_comparison(request, pk) -> Comparison:
    """The comparison if the user owns it; 404 for anyone else, so nothing leaks.

    Its priority check comes with it (a join, not a query): the report and the CSV show it.
    """
    return get_object_or_404(
        Comparison.objects.owned_by(request.user).with_versions().select_related("priority_check"),
        pk=pk,
    )


def own_offer(request, pk) -> Offer:
    return get_object_or_404(
        Offer.objects.select_related("comparison")
        .filter(comparison__owner=request.user)
        .annotate(scoring_version=ScoringVersion.current()),
        pk=pk,
    )


@require_safe
def landing(request):
    if request.user.is_authenticated:
        return redirect("offers:comparison-list")
    verdicts = {f"verdict_{v.name.lower()}": v for v in Verdict}
    return render(request, "offers/landing.html", verdicts)


@login_required
@require_safe
def comparison_list(request):
    comparisons = selectors.listed(Comparison.objects.owned_by(request.user))
    rows_html = rendering.comparison_rows(request, comparisons) if comparisons else ""
    due = selectors.answers_due(request.user) if comparisons else []
    return render(
        request,
        "offers/comparison_list.html",
        {"rows_html": rows_html, "due": due, "due_days": selectors.DUE_SOON_DAYS},
    )


@login_required
def comparison_create(request):
    form = ComparisonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            comparison = services.comparison_create(owner=request.user, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, f"“{comparison.title}” created. Now add the offers you hold.")
            return redirect(comparison)
    return render(request, "offers/comparison_form.html", {"form": form})


@login_required
def comparison_update(request, pk):
    comparison = own_comparison(request, pk)
    # The form validates a copy: a refused edit must not rename the page's headings.
    form = ComparisonForm(request.POST or None, instance=copy(comparison))
    if request.method == "POST" and form.is_valid():
        services.comparison_update(comparison=comparison, data=form.cleaned_data)
        messages.success(request, "Comparison saved.")
        return redirect(comparison)
    return render(request, "offers/comparison_form.html", {"form": form, "comparison": comparison})


@login_required
def comparison_delete(request, pk):
    comparison = own_comparison(request, pk)
    if request.method == "POST":
        title, had_offers = comparison.title, comparison.offers.exists()
        services.comparison_delete(comparison=comparison)
        deleted = f"“{title}” and its offers were" if had_offers else f"“{title}” was"
        messages.success(request, f"{deleted} deleted.")
        return redirect("offers:comparison-list")
    return render(request, "offers/comparison_confirm_delete.html", {"comparison": comparison})


@login_required
@require_safe
def comparison_detail(request, pk):
    # Counting the notes here spares the notes their own query on most pages, which have none.
    comparison = get_object_or_404(
        Comparison.objects.owned_by(request.user)
        .with_versions()
        .select_related("priority_check")
        .annotate(note_count=Count("counsellor_notes")),
        pk=pk,
    )
    report_html = rendering.comparison_report(
        request,
        comparison,
        for_owner=True,
        export_url=reverse("offers:comparison-export", args=[comparison.pk]),
        report_url=reverse("offers:comparison-report", args=[comparison.pk]),
    )
    return render(
        request,
        "offers/comparison_detail.html",
        {
            "comparison": comparison,
            "report_html": report_html,
            "scoring_changes": _scoring_news(comparison),
        },
    )


def _scoring_news(comparison) -> selectors.ScoringChanges | None:
    """What an admin changed in the scoring since the owner last looked; they have now.

    Nothing to look up while the scoring version is the one they saw, as on most views.
    """
    if comparison.scoring_seen == comparison.scoring_version:
        return None
    changes = None
    if comparison.scoring_seen_at is not None:
        changes = selectors.scoring_changes_since(comparison.scoring_seen_at)
    services.scoring_seen(comparison)
    return changes


@login_required
@require_POST
def comparison_priority(request, pk):
    comparison = own_comparison(request, pk)
    form = PriorityForm(request.POST)
    if form.is_valid():
        services.comparison_update(comparison=comparison, data=form.cleaned_data)
        label = Priority(form.cleaned_data["priority"]).label
        messages.success(request, f"Offers are now ranked for: {label}.")
    else:
        messages.error(request, "Choose one of the listed priorities.")
    # To the top, where the message is; the ranking follows right below it.
    return redirect(comparison.get_absolute_url())


@login_required
def comparison_priority_check(request, pk):
    """The check "What do you need right now?": the answers, and the priority they suggest.

    Saving keeps the answers and leaves the priority alone; the suggestion's button applies it.
    """
    comparison = own_comparison(request, pk)
    check = selectors.priority_check_of(comparison)
    form = PriorityCheckForm(
        request.POST if request.method == "POST" else None,
        answers=check.answers if check else None,
    )
    if form.is_bound and form.is_valid():
        try:
            services.priority_check_save(comparison=comparison, answers=form.answers())
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, "Your answers are saved. Here is what they suggest.")
            url = reverse("offers:comparison-priority-check", args=[comparison.pk])
            return redirect(f"{url}#suggestion")
    return render(
        request,
        "offers/priority_check.html",
        {
            "comparison": comparison,
            "form": form,
            "check": check,
            # What was saved, not what a refused form holds: shown only beside the saved answers.
            "situation": None
            if form.is_bound
            else report.situation(check, comparison.priority_enum),
        },
    )


@login_required
@require_POST
def comparison_priority_check_clear(request, pk):
    comparison = own_comparison(request, pk)
    if services.priority_check_clear(comparison=comparison):
        messages.success(request, "Your answers are cleared. The priority stays as you chose it.")
    else:
        messages.info(request, "There were no answers to clear.")
    return redirect(comparison)


@login_required
def comparison_importance(request, pk):
    comparison = own_comparison(request, pk)
    model = selectors.scoring_model(comparison.scoring_version)
    form = ImportanceForm(
        request.POST or None,
        factors=model.factors,
        importances=selectors.importances_of(comparison),
    )
    if request.method == "POST" and form.is_valid():
        levels = form.levels()
        services.importance_set(comparison=comparison, levels=levels)
        changed = [
            f"{factor.label}: {level.label.lower()}"
            for factor, level in levels.items()
            if level is not Importance.USUAL
        ]
        messages.success(
            request,
            f"Personal importance saved ({'; '.join(changed)}). Verdicts and ranking use it."
            if changed
            else "Every factor counts as usual again.",
        )
        return redirect(comparison)
    return render(request, "offers/importance_form.html", {"form": form, "comparison": comparison})


@login_required
@require_POST
def comparison_importance_reset(request, pk):
    comparison = own_comparison(request, pk)
    services.importance_reset(comparison=comparison)
    messages.success(request, "Personal importance reset: every factor counts as usual again.")
    return redirect(comparison)


def _still_accepted(offers: list[Offer]) -> str:
    if not offers:
        return ""
    quoted = [f"“{o}”" for o in offers]
    names = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"
    verb = "is" if len(offers) == 1 else "are"
    return f" {names} {verb} still marked Accepted: change that on the offer if you turned it down."


def _decision_message(outcome: services.DecisionOutcome) -> str:
    chosen = outcome.chosen
    if chosen is None:
        text = "Decision recorded: none of these offers. No offer’s status was changed."
    elif chosen.is_current_job:
        text = (
            f"Decision recorded: you stay in your current job, “{chosen}”. No offer’s status "
            "was changed."
        )
    elif outcome.accepted_now:
        text = (
            f"Decision recorded: “{chosen}”. Its status is now Accepted; the other offers keep "
            "theirs."
        )
    else:
        text = (
            f"Decision recorded: “{chosen}”, already marked Accepted; the other offers keep "
            "their status."
        )
    return text + _still_accepted(outcome.also_accepted)


@login_required
def comparison_decision(request, pk):
    """Record the decision, or change the one recorded."""
    comparison = own_comparison(request, pk)
    initial = {}
    if comparison.has_decision:
        initial = {
            "choice": str(comparison.decided_offer_id or NONE_OF_THESE),
            "reason": comparison.decision_reason,
            "decided_on": comparison.decided_on,
        }
    form = DecisionForm(
        request.POST or None,
        offers=list(comparison.offers.all()),
        today=timezone.localdate(),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen()
        try:
            outcome = services.decision_record(
                comparison=comparison,
                offer_id=chosen.pk if chosen else None,
                reason=form.cleaned_data["reason"],
                decided_on=form.cleaned_data["decided_on"],
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _decision_message(outcome))
            return redirect(comparison)
    return render(request, "offers/decision_form.html", {"form": form, "comparison": comparison})


@login_required
def comparison_decision_reopen(request, pk):
    """Clear the decision recorded, after a confirmation page; statuses stay as they are."""
    comparison = own_comparison(request, pk)
    if request.method == "POST":
        reopened, accepted = services.decision_reopen(comparison=comparison)
        if reopened:
            messages.success(
                request,
                "Decision reopened: record a new one when you are ready. Offer statuses stay "
                "as they were." + _still_accepted(accepted),
            )
        else:
            messages.info(request, "No decision was recorded, so there was nothing to reopen.")
        return redirect(comparison)
    if not comparison.has_decision:
        messages.info(request, "No decision is recorded on this comparison: nothing to reopen.")
        return redirect(comparison)
    chosen = comparison.offers.filter(pk=comparison.decided_offer_id).first()
    return render(
        request,
        "offers/decision_confirm_reopen.html",
        {
            "comparison": comparison,
            "chosen": chosen,
            "accepted": chosen is not None and chosen.status == Offer.Status.ACCEPTED,
        },
    )


@login_required
@require_POST
def comparison_plan_tick(request, pk):
    """Tick one item of the plan done, or not done; back to the same item on the page."""
    comparison = own_comparison(request, pk)
    form = PlanTickForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That plan item could not be found. Tick it on the page again.")
        return redirect(f"{comparison.get_absolute_url()}#plan")
    data = form.cleaned_data
    try:
        services.plan_tick_set(
            comparison=comparison,
            offer_id=data["offer"],
            advice_id=data["advice"],
            done=bool(data["done"]),
        )
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(f"{comparison.get_absolute_url()}#plan")
    messages.success(request, "Marked done." if data["done"] else "Marked not done.")
    return redirect(f"{comparison.get_absolute_url()}#plan-item-{data['advice']}")


@login_required
def comparison_rates(request, pk):
    """The seeker's own exchange rates, for offers paid in other currencies than most."""
    comparison = own_comparison(request, pk)
    currency, others = money.currencies(money.PayTerms.of(o) for o in comparison.offers.all())
    form = ExchangeRateForm(
        request.POST or None,
        currency=currency,
        others=others,
        rates=selectors.exchange_rates_of(comparison),
    )
    if request.method == "POST" and others and form.is_valid():
        rates = form.rates()
        services.exchange_rates_set(comparison=comparison, target=currency, rates=rates)
        given = [
            f"1 {source} = {plain_number(rate)} {currency}"
            for source, rate in rates.items()
            if rate
        ]
        messages.success(
            request,
            f"Exchange rate{pluralize(given)} saved ({'; '.join(given)}). Converted figures "
            "are marked as such."
            if given
            else f"No exchange rate is set: offers in {', '.join(others)} are not converted.",
        )
        return redirect(f"{comparison.get_absolute_url()}#table-heading")
    return render(
        request,
        "offers/exchange_rates_form.html",
        {"form": form, "comparison": comparison, "currency": currency, "others": others},
    )


@login_required
@require_safe
def comparison_export(request, pk):
    comparison = own_comparison(request, pk)
    return exports.comparison_csv_response(report.build(selectors.comparison_data(comparison)))


@login_required
@require_safe
def comparisons_report(request):
    """Every comparison of the seeker, each on its own A4 page, to print or save as a PDF."""
    comparisons = list(
        Comparison.objects.owned_by(request.user).with_versions().select_related("priority_check")
    )
    return _report_page(
        request,
        comparisons,
        back_url=reverse("offers:comparison-list"),
        back_text="Back to My comparisons",
    )


@login_required
@require_safe
def comparison_report(request, pk):
    """One comparison on its own A4 page, to print or save as a PDF."""
    comparison = own_comparison(request, pk)
    return _report_page(
        request,
        [comparison],
        back_url=comparison.get_absolute_url(),
        back_text="Back to the comparison",
    )


def _report_page(request, comparisons, **context):
    # The notes its owner reads come from counselling's template tag, as on the comparison page.
    sheets = rendering.report_sheets(request, comparisons, for_owner=True)
    return render(
        request,
        "offers/report.html",
        {
            "client": request.user,
            "for_owner": True,
            "comparisons": comparisons,
            "sheets": sheets,
            **context,
        },
    )


def _offer_form_context(form, comparison, offer=None):
    return {"form": form, "comparison": comparison, "offer": offer}


@login_required
def offer_create(request, pk):
    comparison = own_comparison(request, pk)
    model = selectors.scoring_model(comparison.scoring_version)
    form = OfferForm(
        request.POST or None,
        comparison=comparison,
        factors=model.factors,
        pay_context=lambda: selectors.pay_context(comparison),
    )
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(
                comparison=comparison, data=form.fact_data(), ratings=form.rating_data()
            )
        except ValidationError as refusal:  # a rule another request raced past the form
            form.add_error(None, refusal)
        else:
            messages.success(request, f"Offer “{offer}” added.")
            return redirect(f"{comparison.get_absolute_url()}#offer-{offer.pk}")
    context = _offer_form_context(form, comparison)
    if not form.is_bound:
        context["form_html"] = rendering.offer_form(
            request, form, comparison=comparison, scoring_version=comparison.scoring_version
        )
    if comparison.offers.count() >= settings.MAX_OFFERS_PER_COMPARISON:
        context["limit_reached"] = services.offer_limit_message()
    return render(request, "offers/offer_form.html", context)


@login_required
def offer_update(request, pk):
    offer = own_offer(request, pk)
    model = selectors.scoring_model(offer.scoring_version)
    ratings = {r.factor_id: r for r in offer.ratings.all()}

    def bound_form(data):
        return OfferForm(
            data,
            instance=copy(offer),
            comparison=offer.comparison,
            factors=model.factors,
            ratings=ratings,
            pay_context=lambda: selectors.pay_context(offer.comparison, exclude_pk=offer.pk),
        )

    form = bound_form(request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_update(
                offer=offer,
                data=form.fact_data(),
                ratings=form.rating_data(),
                loaded_at=form.cleaned_data["loaded_at"],
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        except services.EditConflict as clash:
            # Keep everything typed, show what was saved meanwhile, and let a second save win.
            saved = clash.current
            saved_ratings = {r.factor_id: r for r in saved.ratings.all()}
            conflict = form.differences(saved, saved_ratings)
            data = request.POST.copy()
            data["loaded_at"] = saved.updated_at.isoformat()
            form = bound_form(data)
            form.is_valid()
        else:
            messages.success(request, f"Offer “{offer}” saved.")
            return redirect(f"{offer.comparison.get_absolute_url()}#offer-{offer.pk}")
    context = _offer_form_context(form, offer.comparison, offer)
    context["conflict"] = conflict
    if not form.is_bound:
        context["form_html"] = rendering.offer_form(
            request,
            form,
            comparison=offer.comparison,
            scoring_version=offer.scoring_version,
            offer=offer,
        )
    return render(request, "offers/offer_form.html", context)


@login_required
@require_safe
def pay_suggestion(request, pk):
    """The offer form's Pay suggestion for the figures typed so far, as an HTML fragment.

    `offer` names the offer being edited, left out of the offers it is weighed against.
    """
    comparison = own_comparison(request, pk)
    form = PayTermsForm(request.GET)
    suggestion = None
    if (terms := form.terms()) is not None:
        offer_pk = request.GET.get("offer", "")
        others, rates = selectors.pay_context(
            comparison, exclude_pk=int(offer_pk) if offer_pk.isdigit() else None
        )
        if found := money.suggest_pay(terms, others, rates):
            suggestion = report.pay_suggestion_view(found, form.cleaned_data["rating_pay"])
    return render(request, "offers/_pay_suggestion.html", {"suggestion": suggestion})


@login_required
def offer_delete(request, pk):
    offer = own_offer(request, pk)
    comparison = offer.comparison
    if request.method == "POST":
        name = str(offer)
        reopened = services.offer_delete(offer=offer)
        messages.success(
            request,
            f"Offer “{name}” deleted."
            + (
                " Your decision named it, so the decision is open again: record a new one "
                "when you are ready."
                if reopened
                else ""
            ),
        )
        return redirect(comparison)
    return render(
        request,
        "offers/offer_confirm_delete.html",
        {
            "offer": offer,
            "comparison": comparison,
            "reopens_decision": comparison.has_decision and comparison.decided_offer_id == offer.pk,
        },
    )
