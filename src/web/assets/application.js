// @ts-nocheck: imports resolve in the browser, from this app's own /javascripts/ paths.
// Progressive enhancement only: every page works without it.
import { initAll as initGovuk } from '/javascripts/govuk-frontend.min.js';
import { initAll as initMoj } from '/javascripts/moj-frontend.min.js';

initGovuk();
initMoj();
