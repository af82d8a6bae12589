// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // Re-rank as soon as another priority is chosen (the button stays for keyboard users).
  for (const select of document.querySelectorAll("select.js-autosubmit")) {
    select.addEventListener("change", () => select.form.requestSubmit());
  }
  // After a refused form, bring the list of problems into view and to screen readers.
  const summary = document.querySelector(".js-error-summary");
  if (summary) summary.focus();
  for (const button of document.querySelectorAll(".js-print")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
});
