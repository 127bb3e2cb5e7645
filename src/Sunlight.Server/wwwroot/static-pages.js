// Public pages render without a circuit (docs/adr/0010-static-public-pages.md), so the menu button has no server to
// ask: on those pages it shows and hides the drawer here. On live pages the circuit handles the button itself.
document.addEventListener('click', function (e) {
  var button = e.target.closest && e.target.closest('[data-nav-toggle]');
  if (!button || document.querySelector('#interactive[data-ready="1"]')) return;
  document.body.classList.toggle(window.matchMedia('(max-width: 959.98px)').matches ? 'nav-open' : 'nav-closed');
});
