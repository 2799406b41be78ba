// @ts-nocheck: imports resolve in the browser, from this app's own /javascripts/ paths.
// Progressive enhancement only: every page works without it.
import { initAll as initGovuk } from '/javascripts/govuk-frontend.min.js';
import { initAll as initMoj } from '/javascripts/moj-frontend.min.js';

initGovuk();
initMoj();

// On a phone the case list's filters start folded, so the cases come first (without JavaScript
// they stay open: everything still works, the list is further down).
if (window.matchMedia('(max-width: 48.0525em)').matches) {
  for (const details of document.querySelectorAll('details.app-more-filters')) details.open = false;
}
