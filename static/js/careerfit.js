// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // After a refused form, bring the list of problems into view and to screen readers.
  const summary = document.querySelector(".js-error-summary");
  if (summary) summary.focus();
  for (const button of document.querySelectorAll(".js-print")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
  paySuggestion();
});

// The offer form's Pay suggestion follows the pay figures as they are typed. Its "Use" button
// chooses the suggested rating; nothing else ever changes the rating.
const PAY_FIELDS = [
  "salary", "currency", "pay_period", "hours_per_week", "sign_on_bonus", "yearly_bonus",
  "equity_per_year", "vesting_years", "vesting_cliff_months", "living_costs",
];

function paySuggestion() {
  const box = document.querySelector(".pay-suggestion");
  const form = box && box.closest("form");
  if (!form) return;
  const showButtons = () => {
    for (const button of box.querySelectorAll(".js-use-pay-suggestion")) button.hidden = false;
  };
  let timer = null;
  let latest = 0;
  const refresh = async () => {
    const url = new URL(box.dataset.url, window.location.href);
    for (const name of [...PAY_FIELDS, "rating_pay"]) {
      const field = form.elements[name];
      if (field) url.searchParams.set(name, field.value);
    }
    const asked = ++latest;
    try {
      const response = await fetch(url, { headers: { Accept: "text/html" } });
      if (!response.ok || asked !== latest) return;
      box.innerHTML = await response.text();
      showButtons();
    } catch {
      // Offline or refused: the suggestion shown stays until the next change.
    }
  };
  form.addEventListener("input", (event) => {
    if (PAY_FIELDS.includes(event.target.name)) {
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    }
  });
  form.addEventListener("change", (event) => {
    if (event.target.name === "pay_period" || event.target.name === "rating_pay") refresh();
  });
  box.addEventListener("click", (event) => {
    const button = event.target.closest(".js-use-pay-suggestion");
    if (!button) return;
    const radio = form.querySelector(`input[name="rating_pay"][value="${button.dataset.rating}"]`);
    if (!radio) return;
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    radio.focus();
  });
  showButtons();
}
