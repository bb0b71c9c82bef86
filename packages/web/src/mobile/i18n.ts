/**
 * The PWA's two languages, without i18next: a handful of sentences does
 * not justify a library in a bundle phones download over mobile networks.
 * English must have exactly the Russian keys (the type says so).
 */

const ru = {
  title: 'Подпись',
  language: 'English',
  languageLabel: 'Switch to English',
  loading: 'Загрузка…',
  tabs: { pending: 'Операции', offline: 'Без сети', device: 'Устройство' },
  enrol: {
    heading: 'Подключение устройства',
    intro: 'Отсканируйте QR-код со страницы «Мои устройства» в кабинете или введите код активации.',
    code: 'Код активации',
    check: 'Продолжить',
    account: 'Учётная запись',
    name: 'Название устройства',
    nameHint: 'Например, «Мой телефон»',
    submit: 'Подключить',
    working: 'Подключаем…',
    replaces: 'Это устройство уже подключено как «{name}»; новое подключение заменит его.',
    unsupported: 'Этот браузер не поддерживает WebAuthn: подключить его нельзя.',
    done: 'Устройство «{name}» подключено к учётной записи {account}.',
  },
  signIn: {
    account: 'Учётная запись',
    ip: 'IP-адрес',
    browser: 'Браузер',
    time: 'Время',
    unknown: 'не указан',
    hint: 'Подтверждайте, только если сейчас входите вы сами.',
  },
  pending: {
    heading: 'Операции на подтверждение',
    empty: 'Нет операций, ожидающих подтверждения.',
    code: 'Код проверки',
    codeHint: 'Сверьте с кодом на экране компьютера.',
    requester: 'Кто запрашивает',
    cabinet: 'Личный кабинет',
    api: 'Система: {name}',
    kind: { sign: 'Подписание', decrypt: 'Расшифрование', 'sign-in': 'Вход в личный кабинет' },
    holder: 'Владелец сертификата',
    certificate: 'Сертификат',
    format: 'Формат',
    documents: 'Документы',
    size: '{size} байт',
    digest: 'Хэш',
    preview: 'Показать «{name}»',
    hidePreview: 'Скрыть',
    truncated: 'Показано начало документа.',
    expires: 'Действует до {time}',
    pin: 'После подтверждения кабинет спросит ПИН-код ключа.',
    approve: 'Подтвердить',
    decline: 'Отклонить',
    working: 'Подписываем решение…',
    completed: 'Подтверждено: операция выполнена.',
    approved: 'Подтверждено: введите ПИН-код в кабинете.',
    declined: 'Операция отклонена.',
    signedIn: 'Вход подтверждён.',
    signInDeclined: 'Вход отклонён. Если входили не вы, смените пароль.',
    refresh: 'Обновить',
  },
  offline: {
    heading: 'Подтверждение без сети',
    intro: 'Отсканируйте QR-код с экрана компьютера («Подтвердить без сети») или вставьте его текст.',
    scan: 'Сканировать камерой',
    stop: 'Остановить камеру',
    camera: 'Изображение с камеры',
    text: 'Текст QR-кода',
    show: 'Показать код',
    operation: 'Операция',
    more: 'и ещё {count}',
    code: 'Код подтверждения',
    codeHint: 'Введите этот код на компьютере. Он действует несколько минут.',
    noCamera: 'Камера недоступна: вставьте текст QR-кода.',
  },
  device: {
    heading: 'Это устройство',
    name: 'Название',
    id: 'Идентификатор',
    account: 'Учётная запись',
    server: 'Сервер',
    enrolledAt: 'Подключено',
    notifications: 'Уведомления',
    notificationsOn: 'включены',
    notificationsOff: 'выключены',
    enableNotifications: 'Включить уведомления',
    forget: 'Забыть это устройство',
    forgetConfirm:
      'Забыть это устройство? Подтверждать операции с него станет нельзя; удалите его и в кабинете.',
    limit:
      'Ключ подписи решений хранится в защищённом хранилище телефона; секрет канала — в хранилище браузера.',
  },
  errors: {
    generic: 'Не получилось: {message}',
    network: 'Сервер не отвечает. Проверьте подключение к сети.',
    cancelled: 'Проверка личности отменена.',
    DEVICE_NOT_FOUND: 'Устройство не найдено на сервере: его удалили. Подключите его заново.',
    DEVICE_ENROLMENT_NOT_FOUND: 'Код активации не подходит: он неверен, уже использован или истёк.',
    DEVICE_ENROLMENT_INVALID: 'Сервер не принял подключение. Начните заново.',
    DEVICE_MESSAGE_INVALID: 'Сервер не узнал это устройство. Подключите его заново.',
    DEVICE_MESSAGE_REPLAYED: 'Сообщение устарело. Повторите.',
    DEVICE_BLOCKED: 'Устройство заблокировано. Разблокируйте его в кабинете.',
    DEVICE_APPROVAL_INVALID: 'Сервер не принял подтверждение.',
    DEVICE_APPROVAL_EXPIRED: 'Срок операции истёк.',
    DEVICE_APPROVAL_DECLINED: 'Операция уже отклонена.',
    RATE_LIMITED: 'Слишком много попыток. Подождите минуту.',
    REPLAYED: 'Ответ сервера устарел. Повторите.',
    NOT_AUTHENTIC: 'Ответ сервера не открывается ключом канала.',
    MALFORMED: 'Это не код Подписи.',
  },
};

type Dictionary<T> = { [K in keyof T]: T[K] extends string ? string : Dictionary<T[K]> };

const en: Dictionary<typeof ru> = {
  title: 'Podpis',
  language: 'Русский',
  languageLabel: 'Переключить на русский',
  loading: 'Loading…',
  tabs: { pending: 'Operations', offline: 'Offline', device: 'Device' },
  enrol: {
    heading: 'Enrol this device',
    intro: 'Scan the QR code on the «My devices» page of the cabinet, or type the activation code.',
    code: 'Activation code',
    check: 'Continue',
    account: 'Account',
    name: 'Device name',
    nameHint: 'For example, “My phone”',
    submit: 'Enrol',
    working: 'Enrolling…',
    replaces: 'This device is already enrolled as “{name}”; a new enrolment replaces it.',
    unsupported: 'This browser does not support WebAuthn, so it cannot be enrolled.',
    done: 'Device “{name}” is enrolled for {account}.',
  },
  signIn: {
    account: 'Account',
    ip: 'IP address',
    browser: 'Browser',
    time: 'Time',
    unknown: 'not given',
    hint: 'Approve only if you are signing in yourself right now.',
  },
  pending: {
    heading: 'Operations to confirm',
    empty: 'No operation awaits confirmation.',
    code: 'Verification code',
    codeHint: 'Check it against the code on the computer’s screen.',
    requester: 'Requested by',
    cabinet: 'Your cabinet',
    api: 'System: {name}',
    kind: { sign: 'Signing', decrypt: 'Decryption', 'sign-in': 'Sign-in to the cabinet' },
    holder: 'Certificate holder',
    certificate: 'Certificate',
    format: 'Format',
    documents: 'Documents',
    size: '{size} bytes',
    digest: 'Digest',
    preview: 'Show “{name}”',
    hidePreview: 'Hide',
    truncated: 'The beginning of the document is shown.',
    expires: 'Valid until {time}',
    pin: 'After the approval the cabinet asks the key’s PIN.',
    approve: 'Approve',
    decline: 'Decline',
    working: 'Signing the decision…',
    completed: 'Approved: the operation is done.',
    approved: 'Approved: enter the PIN in the cabinet.',
    declined: 'The operation is declined.',
    signedIn: 'The sign-in is approved.',
    signInDeclined: 'The sign-in is declined. If it was not you, change your password.',
    refresh: 'Refresh',
  },
  offline: {
    heading: 'Confirm without network',
    intro: 'Scan the QR code on the computer’s screen («Confirm offline») or paste its text.',
    scan: 'Scan with the camera',
    stop: 'Stop the camera',
    camera: 'Camera image',
    text: 'QR code text',
    show: 'Show the code',
    operation: 'Operation',
    more: 'and {count} more',
    code: 'Confirmation code',
    codeHint: 'Type this code on the computer. It is good for a few minutes.',
    noCamera: 'No camera available: paste the QR code’s text.',
  },
  device: {
    heading: 'This device',
    name: 'Name',
    id: 'Identifier',
    account: 'Account',
    server: 'Server',
    enrolledAt: 'Enrolled',
    notifications: 'Notifications',
    notificationsOn: 'on',
    notificationsOff: 'off',
    enableNotifications: 'Turn notifications on',
    forget: 'Forget this device',
    forgetConfirm: 'Forget this device? It will no longer confirm operations; remove it in the cabinet too.',
    limit:
      'The key that signs decisions is in the phone’s secure hardware; the channel secret is in the browser’s storage.',
  },
  errors: {
    generic: 'That did not work: {message}',
    network: 'The server does not answer. Check the network connection.',
    cancelled: 'The identity check was cancelled.',
    DEVICE_NOT_FOUND: 'The server does not know this device any more: it was removed. Enrol it again.',
    DEVICE_ENROLMENT_NOT_FOUND: 'The activation code does not fit: it is wrong, used or expired.',
    DEVICE_ENROLMENT_INVALID: 'The server did not accept the enrolment. Start again.',
    DEVICE_MESSAGE_INVALID: 'The server did not recognise this device. Enrol it again.',
    DEVICE_MESSAGE_REPLAYED: 'The message was stale. Retry.',
    DEVICE_BLOCKED: 'The device is blocked. Unblock it in the cabinet.',
    DEVICE_APPROVAL_INVALID: 'The server did not accept the approval.',
    DEVICE_APPROVAL_EXPIRED: 'The operation has expired.',
    DEVICE_APPROVAL_DECLINED: 'The operation is already declined.',
    RATE_LIMITED: 'Too many attempts. Wait a minute.',
    REPLAYED: 'The server’s answer was stale. Retry.',
    NOT_AUTHENTIC: 'The server’s answer does not open under the channel key.',
    MALFORMED: 'This is not a Podpis code.',
  },
};

export type Language = 'ru' | 'en';
const dictionaries: Record<Language, Dictionary<typeof ru>> = { ru, en };

const STORAGE_KEY = 'podpis.mobile.language';

/** The stored choice, else the phone's language: Russian unless it asks for something else. */
export function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'ru' || stored === 'en') return stored;
  return navigator.language.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

export function storeLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
}

/** Dotted keys of the dictionary, so a misspelt key fails the type check. */
type Keys<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Keys<T[K], `${Prefix}${K}.`>;
}[keyof T & string];
export type MessageKey = Keys<typeof ru>;

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(language: Language): Translate {
  return (key, values = {}) => {
    let node: unknown = dictionaries[language];
    for (const part of key.split('.')) node = (node as Record<string, unknown>)[part];
    const text = typeof node === 'string' ? node : key;
    return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
  };
}

/** The sentence for an error code the PWA knows, if it knows it. */
export function errorKey(code: string): MessageKey | undefined {
  return code in ru.errors ? (`errors.${code}` as MessageKey) : undefined;
}
