import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { EdoConfig } from './config.js';
import { documentPage, documentsPage, errorPage, loginPage, STYLES, type Viewer } from './pages.js';
import { LoginError, type Podpis } from './podpis.js';
import { cookiesOf, sameSecret, Sessions, type Session } from './sessions.js';
import { confirmWithPin, EdoError, edoErrorOf, isPdf, startSigning, verifySigned } from './signing.js';
import type { DocumentRow, Store } from './store.js';

const SESSION_COOKIE = 'edo_session';
const LOGIN_COOKIE = 'edo_login';

/** Why the sign-in page is shown again, in words (the query names it by a code only). */
const LOGIN_REASONS: Record<string, string> = {
  expired: 'Сеанс Podpis истёк или доступ отозван. Войдите снова.',
  logout: 'Вы вышли из ЭДО.',
  denied: 'Вы не разрешили ЭДО доступ в Podpis. Без этого войти нельзя.',
  failed: 'Вход через Podpis не удался. Попробуйте ещё раз.',
  stale: 'Вход устарел или начат в другом окне. Попробуйте ещё раз.',
};

/** What a refusal of the EDO means for the employee. */
const EDO_ERRORS: Record<EdoError['code'], string> = {
  NO_CERTIFICATE:
    'В Podpis у вас нет действующего сертификата. Обратитесь к оператору удостоверяющего центра.',
  SIGNING_IN_PROGRESS:
    'Этот документ уже ожидает подтверждения подписи. Дождитесь его или отклоните на телефоне.',
  SESSION_EXPIRED: 'Сеанс Podpis истёк. Войдите снова.',
  PODPIS_REFUSED: 'Podpis отказал в подписании',
  PODPIS_UNREACHABLE: 'Podpis сейчас недоступен. Попробуйте позже.',
};

/** Podpis's refusals an employee can act on, in words. */
const PODPIS_CODES: Record<string, string> = {
  DEVICE_REQUIRED:
    'для подписи нужен телефон с приложением Podpis: подключите его в кабинете Podpis («Мои устройства»)',
  KEY_NOT_HELD: 'ключ этого сертификата хранится не в Podpis',
  KEY_LOCKED: 'ключ заблокирован; обратитесь к оператору',
  INSUFFICIENT_SCOPE: 'ЭДО не получило право подписывать; войдите снова и разрешите доступ',
  SIGNING_DOCUMENT_MALFORMED: 'файл повреждён или не является PDF',
};

export interface EdoDeps {
  store: Store;
  podpis: Podpis;
}

const FORM_LIMIT = 64 * 1024;
/** Multipart framing around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;

type Form = Record<string, string>;

export interface LogOptions {
  level?: string;
  /** Where log lines go (stdout unless told; tests read them). */
  stream?: { write(line: string): void };
}

export function buildEdoApp(config: EdoConfig, deps: EdoDeps, log: LogOptions = {}): FastifyInstance {
  const { store, podpis } = deps;
  const sessions = new Sessions();
  /** The signings followed in the background, by signature id: a PIN's page waits for its own to end. */
  const following = new Map<string, Promise<void>>();
  const secure = config.publicUrl.startsWith('https:');
  const app = Fastify({
    bodyLimit: FORM_LIMIT,
    logger: {
      level: log.level ?? 'info',
      ...(log.stream !== undefined ? { stream: log.stream } : {}),
      // The callback's query holds the authorization code: paths only, no headers (tokens, cookies).
      serializers: {
        req: (request: { method: string; url: string }) => ({
          method: request.method,
          path: request.url.split('?')[0],
        }),
      },
    },
  });

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );
  // The upload's multipart body is read whole (its limit is the route's) and parsed by the platform's own FormData.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (request, body, done) => {
    const parse = new Request('http://edo.invalid/', {
      method: 'POST',
      headers: { 'content-type': request.headers['content-type'] ?? '' },
      body: new Uint8Array(body as Buffer),
    }).formData();
    parse.then(
      (form) => {
        done(null, form);
      },
      (error: unknown) => {
        done(Object.assign(new Error('the upload is not a valid form'), { statusCode: 400, cause: error }));
      },
    );
  });

  app.addHook('onSend', async (_request, reply) => {
    reply.header(
      'content-security-policy',
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    reply.header('x-content-type-options', 'nosniff');
    // The callback's URL (its code) must not leak to another site as a Referer;
    // same-origin rather than no-referrer, under which a form's Origin would be "null".
    reply.header('referrer-policy', 'same-origin');
  });

  app.setErrorHandler((error: { statusCode?: number; code?: string }, request, reply) => {
    const viewer = viewerOf(sessionOf(request));
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || error.statusCode === 413) {
      const limit = Math.round(config.maxUploadBytes / 1024 / 1024);
      return html(
        reply.code(413),
        errorPage(viewer, 'Файл слишком большой', `Файл больше ${limit} МБ. Загрузите файл поменьше.`),
      );
    }
    if (error.statusCode !== undefined && error.statusCode < 500)
      return html(
        reply.code(error.statusCode),
        errorPage(
          viewer,
          'Запрос не принят',
          'Запрос не принят. Вернитесь к документам и попробуйте ещё раз.',
        ),
      );
    request.log.error({ code: error.code }, 'request failed');
    return html(reply.code(500), errorPage(viewer, 'Ошибка', 'Что-то пошло не так. Попробуйте ещё раз.'));
  });

  function cookie(
    reply: FastifyReply,
    name: string,
    value: string,
    options: { path?: string; maxAge?: number } = {},
  ): void {
    const parts = [
      `${name}=${encodeURIComponent(value)}`,
      `Path=${options.path ?? '/'}`,
      'HttpOnly',
      'SameSite=Lax',
    ];
    if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
    if (secure) parts.push('Secure');
    // Fastify adds each set-cookie header to those set before.
    reply.header('set-cookie', parts.join('; '));
  }

  function sessionOf(request: FastifyRequest): Session | undefined {
    const session = sessions.get(cookiesOf(request.headers.cookie).get(SESSION_COOKIE));
    return session && session.expiresAt > Date.now() ? session : undefined;
  }

  const viewerOf = (session: Session | undefined): Viewer | undefined =>
    session && { name: session.name, csrf: session.csrf };

  function html(reply: FastifyReply, body: string): FastifyReply {
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
  }

  /** The session of a state-changing request: signed in, from our own pages (origin and form token). */
  function changing(request: FastifyRequest, form: Form | FormData | undefined): Session | undefined {
    const session = sessionOf(request);
    if (!session) return undefined;
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== new URL(config.publicUrl).origin) return undefined;
    const csrf = form instanceof FormData ? form.get('csrf') : form?.csrf;
    return typeof csrf === 'string' && sameSecret(csrf, session.csrf) ? session : undefined;
  }

  /**
   * A request without a usable session: a form that is not from our page
   * (stale, or forged elsewhere) while signed in is refused outright; a
   * session that ended (the access token's ten minutes, a restart) goes to
   * the sign-in page, which says so.
   */
  function refused(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const session = sessionOf(request);
    if (session)
      return html(
        reply.code(403),
        errorPage(
          viewerOf(session),
          'Запрос отклонён',
          'Форма устарела или отправлена не со страницы ЭДО. Обновите страницу и попробуйте ещё раз.',
        ),
      );
    return signIn(reply, cookiesOf(request.headers.cookie).has(SESSION_COOKIE) ? 'expired' : undefined);
  }

  /** Sends a signed-out employee to the sign-in page, saying why. */
  function signIn(reply: FastifyReply, reason?: keyof typeof LOGIN_REASONS): FastifyReply {
    return reply.redirect(reason ? `/?reason=${reason}` : '/', 303);
  }

  function endSession(reply: FastifyReply, session: Session): void {
    sessions.end(session.id);
    cookie(reply, SESSION_COOKIE, '', { maxAge: 0 });
  }

  async function documentOr404(
    id: string,
    reply: FastifyReply,
    viewer: Viewer | undefined,
  ): Promise<DocumentRow | undefined> {
    const document = await store.document(id);
    if (!document) html(reply.code(404), errorPage(viewer, 'Нет такого документа', 'Документ не найден.'));
    return document;
  }

  function download(reply: FastifyReply, name: string, mediaType: string, bytes: Uint8Array): FastifyReply {
    const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return reply
      .type(mediaType)
      .header(
        'content-disposition',
        `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      )
      .header('cache-control', 'no-store')
      .send(Buffer.from(bytes));
  }

  app.get('/styles.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(STYLES));

  app.get<{ Querystring: { reason?: string } }>('/', async (request, reply) => {
    const session = sessionOf(request);
    if (!session) {
      const ended = cookiesOf(request.headers.cookie).has(SESSION_COOKIE) ? 'expired' : '';
      return html(reply, loginPage(LOGIN_REASONS[request.query.reason ?? ended]));
    }
    return html(reply, documentsPage(viewerOf(session)!, await store.documents(), config.maxUploadBytes));
  });

  app.get('/login', async (request, reply) => {
    let started;
    try {
      started = await podpis.startLogin();
    } catch (error) {
      // Podpis not started yet, its CA not trusted, a wrong PODPIS_URL: said plainly, retried on the next click.
      request.log.warn(
        { reason: error instanceof Error ? error.message : String(error) },
        'Podpis unreachable',
      );
      return html(
        reply.code(502),
        errorPage(
          undefined,
          'Podpis недоступен',
          `Не удалось связаться с Podpis (${config.podpisUrl}). Проверьте, что он запущен и что ЭДО доверяет его сертификату TLS (PODPIS_CA_FILE), и попробуйте ещё раз.`,
        ),
      );
    }
    cookie(reply, LOGIN_COOKIE, sessions.startLogin(started.pending), { path: '/oauth', maxAge: 600 });
    return reply.redirect(started.url, 303);
  });

  app.get('/oauth/callback', async (request, reply) => {
    const pending = sessions.takeLogin(cookiesOf(request.headers.cookie).get(LOGIN_COOKIE));
    cookie(reply, LOGIN_COOKIE, '', { path: '/oauth', maxAge: 0 });
    if (!pending) return signIn(reply, 'stale');
    let signedIn;
    try {
      signedIn = await podpis.finishLogin(new URL(request.url, config.publicUrl), pending);
    } catch (error) {
      if (!(error instanceof LoginError)) throw error;
      request.log.warn({ code: error.code }, 'sign-in refused');
      return signIn(
        reply,
        error.code === 'ACCESS_DENIED'
          ? 'denied'
          : error.code === 'LOGIN_STATE_MISMATCH'
            ? 'stale'
            : 'failed',
      );
    }
    const session = sessions.create(signedIn);
    cookie(reply, SESSION_COOKIE, session.id);
    request.log.info({ account: session.account }, 'employee signed in');
    return reply.redirect('/', 303);
  });

  app.post<{ Body: Form }>('/logout', async (request, reply) => {
    const session = changing(request, request.body);
    if (!session) return refused(request, reply);
    endSession(reply, session);
    // Ends the grant in Podpis too; the EDO's session is over whatever Podpis answers.
    await podpis.revoke(session.accessToken).catch(() => undefined);
    return signIn(reply, 'logout');
  });

  app.post<{ Body: FormData }>(
    '/documents',
    { bodyLimit: config.maxUploadBytes + MULTIPART_OVERHEAD },
    async (request, reply) => {
      const session = changing(request, request.body instanceof FormData ? request.body : undefined);
      if (!session) return refused(request, reply);
      const file = request.body.get('file');
      if (!(file instanceof File) || file.size === 0 || file.name === '')
        return html(
          reply.code(422),
          documentsPage(
            viewerOf(session)!,
            await store.documents(),
            config.maxUploadBytes,
            'Выберите непустой файл.',
          ),
        );
      if (file.size > config.maxUploadBytes)
        return html(
          reply.code(413),
          errorPage(
            viewerOf(session),
            'Файл слишком большой',
            `Файл больше ${Math.round(config.maxUploadBytes / 1024 / 1024)} МБ. Загрузите файл поменьше.`,
          ),
        );
      const content = new Uint8Array(await file.arrayBuffer());
      // Path separators and control characters (a header injection in the download's name) become _.
      const name = file.name.replace(/[/\\]|\p{Cc}/gu, '_').slice(0, 200);
      const id = await store.addDocument({
        name,
        // The browser's word for the type, when it is one; it is served back only as an attachment.
        mediaType: isPdf({ content })
          ? 'application/pdf'
          : /^[\w.+-]+\/[\w.+-]+$/.test(file.type)
            ? file.type
            : 'application/octet-stream',
        content,
        uploadedBy: session.account,
        uploadedByName: session.name,
      });
      request.log.info({ document: id, size: content.length }, 'document uploaded');
      return reply.redirect(`/documents/${id}`, 303);
    },
  );

  app.get<{ Params: { id: string } }>('/documents/:id', async (request, reply) => {
    const session = sessionOf(request);
    if (!session) return refused(request, reply);
    const document = await documentOr404(request.params.id, reply, viewerOf(session));
    if (!document) return reply;
    return html(
      reply,
      documentPage(viewerOf(session)!, document, await store.signatures(document.id), {
        account: session.account,
      }),
    );
  });

  app.post<{ Params: { id: string }; Body: Form }>('/documents/:id/sign', async (request, reply) => {
    const session = changing(request, request.body);
    if (!session) return refused(request, reply);
    const document = await documentOr404(request.params.id, reply, viewerOf(session));
    if (!document) return reply;
    try {
      const { id, done } = await startSigning(
        store,
        podpis.api(session.accessToken),
        session,
        document,
        request.log,
      );
      following.set(id, done);
      void done.finally(() => following.delete(id));
    } catch (caught) {
      const error = edoErrorOf(caught);
      request.log.warn({ code: error.code, podpis: error.detail }, 'signing refused');
      if (error.code === 'SESSION_EXPIRED') {
        endSession(reply, session);
        return signIn(reply, 'expired');
      }
      const base = EDO_ERRORS[error.code];
      const message =
        error.code === 'PODPIS_REFUSED'
          ? `${base}: ${PODPIS_CODES[error.detail ?? ''] ?? error.message} (${error.detail ?? ''}).`
          : base;
      const status =
        error.code === 'PODPIS_UNREACHABLE' ? 502 : error.code === 'SIGNING_IN_PROGRESS' ? 409 : 422;
      return html(
        reply.code(status),
        documentPage(viewerOf(session)!, document, await store.signatures(document.id), {
          account: session.account,
          message,
        }),
      );
    }
    return reply.redirect(`/documents/${document.id}`, 303);
  });

  app.post<{ Params: { id: string }; Body: Form }>('/signatures/:id/confirm', async (request, reply) => {
    const session = changing(request, request.body);
    if (!session) return refused(request, reply);
    const signature = await store.signature(request.params.id);
    const document = signature && (await store.document(signature.document_id));
    // Only the signer confirms their own signing, while it awaits.
    if (!signature || !document || signature.signer !== session.account || signature.status !== 'awaiting')
      return html(
        reply.code(404),
        errorPage(viewerOf(session), 'Нечего подтверждать', 'Эта подпись не ожидает вашего подтверждения.'),
      );
    try {
      await confirmWithPin(podpis.api(session.accessToken), signature, request.body.pin ?? '');
      // Signed now: the page shows the result once the follower has stored it (a few seconds at most).
      await Promise.race([
        following.get(signature.id),
        new Promise((resolve) => setTimeout(resolve, 10_000)),
      ]);
    } catch (caught) {
      const error = edoErrorOf(caught);
      request.log.warn({ code: error.code, podpis: error.detail }, 'confirmation refused');
      if (error.code === 'SESSION_EXPIRED') {
        endSession(reply, session);
        return signIn(reply, 'expired');
      }
      const left = error.problem?.remainingAttempts;
      const message =
        error.detail === 'KEY_PIN_WRONG'
          ? `Неверный ПИН-код ключа${typeof left === 'number' ? `: осталось попыток — ${left}` : ''}.`
          : error.detail === 'DEVICE_APPROVAL_REQUIRED'
            ? 'Сначала подтвердите подписание на телефоне, затем введите ПИН-код.'
            : `${EDO_ERRORS[error.code]}${error.detail ? ` (${error.detail})` : ''}.`;
      return html(
        reply.code(error.code === 'PODPIS_UNREACHABLE' ? 502 : 422),
        documentPage(viewerOf(session)!, document, await store.signatures(document.id), {
          account: session.account,
          message,
        }),
      );
    }
    return reply.redirect(`/documents/${document.id}`, 303);
  });

  app.post<{ Params: { id: string }; Body: Form }>('/documents/:id/verify', async (request, reply) => {
    const session = changing(request, request.body);
    if (!session) return refused(request, reply);
    const document = await documentOr404(request.params.id, reply, viewerOf(session));
    if (!document) return reply;
    const latest = await store.latestSigned(document.id);
    if (latest?.result) {
      try {
        await store.reverified(
          latest.id,
          await verifySigned(podpis.api(session.accessToken), document, latest.result),
        );
      } catch (caught) {
        const error = edoErrorOf(caught);
        if (error.code === 'SESSION_EXPIRED') {
          endSession(reply, session);
          return signIn(reply, 'expired');
        }
        return html(
          reply.code(502),
          documentPage(viewerOf(session)!, document, await store.signatures(document.id), {
            account: session.account,
            message: `Проверка не удалась: ${error.detail ?? error.message}`,
          }),
        );
      }
    }
    return reply.redirect(`/documents/${document.id}`, 303);
  });

  app.get<{ Params: { id: string } }>('/documents/:id/original', async (request, reply) => {
    const session = sessionOf(request);
    if (!session) return refused(request, reply);
    const document = await documentOr404(request.params.id, reply, viewerOf(session));
    if (!document) return reply;
    return download(reply, document.name, document.media_type, document.content);
  });

  app.get<{ Params: { id: string } }>('/documents/:id/signed', async (request, reply) => {
    const session = sessionOf(request);
    if (!session) return refused(request, reply);
    const document = await documentOr404(request.params.id, reply, viewerOf(session));
    if (!document) return reply;
    const latest = await store.latestSigned(document.id);
    if (!latest?.result)
      return html(reply.code(404), errorPage(viewerOf(session), 'Не подписан', 'Документ ещё не подписан.'));
    return latest.format === 'pades'
      ? download(
          reply,
          document.name.replace(/\.pdf$/i, '') + '.signed.pdf',
          'application/pdf',
          latest.result,
        )
      : download(reply, `${document.name}.p7s`, 'application/pkcs7-signature', latest.result);
  });

  app.get<{ Params: { id: string } }>('/signatures/:id/result', async (request, reply) => {
    const session = sessionOf(request);
    if (!session) return refused(request, reply);
    const signature = await store.signature(request.params.id);
    const document = signature && (await store.document(signature.document_id));
    if (!signature?.result || !document)
      return html(reply.code(404), errorPage(viewerOf(session), 'Нет такой подписи', 'Подпись не найдена.'));
    return signature.format === 'pades'
      ? download(
          reply,
          document.name.replace(/\.pdf$/i, '') + '.signed.pdf',
          'application/pdf',
          signature.result,
        )
      : download(reply, `${document.name}.p7s`, 'application/pkcs7-signature', signature.result);
  });

  return app;
}
