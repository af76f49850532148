// The identity provider's redirect back (redirect_uri): trade the code for tokens, then go on.
import { session, showProblem, ApiError } from './api.js';
import { publicPage } from './layout.js';
import { completeSignIn, homeOf } from './oidc.js';

publicPage();
try {
  const next = await completeSignIn();
  location.replace(next || homeOf(session.claims?.groups));
} catch (e) {
  document.getElementById('progress').hidden = true;
  showProblem(document.getElementById('message'), new ApiError(0, { title: '登录失败', detail: e.message }));
  document.getElementById('again').hidden = false;
}
