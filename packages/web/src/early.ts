/**
 * The early script: a few kilobytes that index.html loads beside the
 * office's code (build/early-script.ts) and that run as soon as they
 * arrive, long before React and Ant Design have. It asks who is signed in
 * and, for someone who is, the API requests of the page they land on (the
 * users list, the operators page), so those answers are there, or on their
 * way, when the page first renders. The office takes them through
 * api/earlyAnswers.ts.
 */
import { startEarly, WHOAMI_PATH } from './api/earlyAnswers';
import { firstRequestPaths } from './api/landing';
import type { WhoAmI } from './api/types';

void startEarly(WHOAMI_PATH).then((answer) => {
  // The body is GET /whoami's, which answers 200 whether or not someone is signed in.
  const whoAmI = answer?.status === 200 ? (answer.body as WhoAmI) : undefined;
  if (!whoAmI?.signedIn || whoAmI.me === undefined) return;
  for (const path of firstRequestPaths(whoAmI.me, location.pathname, new URLSearchParams(location.search))) {
    void startEarly(path);
  }
});
