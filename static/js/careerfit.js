// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
  // After a refused form, bring the list of problems into view and to screen readers.
  const summary = document.querySelector(".js-error-summary");
  if (summary) summary.focus();
  for (const button of document.querySelectorAll(".js-print")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
});
