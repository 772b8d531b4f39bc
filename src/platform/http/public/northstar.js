// GOV.UK Frontend's enhancements (the service navigation's menu button on narrow screens, the
// password input's show button, the error summary's focus), where the browser runs modules.
// Every page works without them; the template marks the body before this runs.
import { initAll } from './govuk-frontend.min.js';

initAll();
