// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Ask before a move that closes a referral for good.
  for (const form of document.querySelectorAll('form[action$="/move"]')) {
    form.addEventListener("submit", (event) => {
      const to = form.querySelector('[name="to"]').value;
      if (["rejected", "cancelled", "failed", "entered-in-error"].includes(to) && !confirm(`Move this referral to ${to}? This cannot be undone.`)) {
        event.preventDefault();
      }
    });
  }
  // Put focus on the first error so screen readers announce it.
  const alert = document.querySelector('[role="alert"]');
  if (alert) { alert.setAttribute("tabindex", "-1"); alert.focus(); }
});
