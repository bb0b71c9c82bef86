import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { freePort } from './net.js';
import { tempDir } from './openssl.js';
import { waitFor } from './wait.js';

/**
 * A real, throwaway OpenLDAP server for tests: cn=config written from an
 * LDIF into a temp dir, the data loaded offline with slapadd (fast, and
 * slapd adds entryUUID and the other operational attributes itself),
 * then `slapd -h "ldap://127.0.0.1:PORT/ ldaps://127.0.0.1:PORT/"` in the
 * foreground on random ports. An Active-Directory-like schema of our own
 * (below) gives inetOrgPerson entries sAMAccountName, employeeID and the
 * other attributes the directory connector maps by default.
 */

export const SLAPD_SUFFIX = 'dc=corp,dc=example';
/** The directory's own administrator (rootdn): no limits, can write. */
export const SLAPD_ROOT_DN = `cn=admin,${SLAPD_SUFFIX}`;
/** The read-only service account Podpis binds as, subject to the size limits. */
export const SLAPD_SERVICE_DN = `cn=podpis,ou=service,${SLAPD_SUFFIX}`;
export const SLAPD_PEOPLE_DN = `ou=people,${SLAPD_SUFFIX}`;
/** Above this many entries a search without paging is cut short (sizelimit exceeded). */
export const SLAPD_SIZE_LIMIT = 500;

export interface SlapdTls {
  /** PEM of the CA that issued `cert`: what a client must trust. */
  ca: string;
  cert: string;
  key: string;
}

export interface SlapdOptions {
  /** Extra LDIF entries under the suffix (after ou=people and the service account). */
  entries?: string;
  /** The service account's password; random unless given. */
  servicePassword?: string;
  /** Serve ldaps:// (and StartTLS on ldap://) with this certificate. */
  tls?: SlapdTls;
}

export interface SlapdServer {
  /** `ldap://127.0.0.1:PORT` */
  url: string;
  /** `ldaps://127.0.0.1:PORT` when TLS was given. */
  ldapsUrl: string | undefined;
  serviceDn: string;
  servicePassword: string;
  rootDn: string;
  rootPassword: string;
  /** Ends the server at once (SIGKILL): connections drop as if the host went away. */
  kill(): void;
  /** Stops it and removes its directory. */
  stop(): Promise<void>;
}

const SCHEMA_DIR = '/etc/ldap/schema';
const MODULE_DIR = '/usr/lib/ldap';

/**
 * Attributes Active Directory has and inetOrgPerson lacks, under a private
 * test arc (1.3.6.1.4.1.55555 is not ours to publish; these OIDs never leave
 * the tests). `street` already answers to `streetAddress` in core.schema.
 */
const AD_LIKE_ATTRIBUTES = [
  'sAMAccountName',
  'userPrincipalName',
  'employeeID',
  'middleName',
  'department',
  'company',
  'extensionAttribute1',
  'extensionAttribute2',
];

function adLikeSchema(): string {
  const string = `EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15`;
  return [
    'dn: cn=adlike,cn=schema,cn=config',
    'objectClass: olcSchemaConfig',
    'cn: adlike',
    ...AD_LIKE_ATTRIBUTES.map(
      (name, i) =>
        `olcAttributeTypes: ( 1.3.6.1.4.1.55555.1.${i + 1} NAME '${name}' ${string} SINGLE-VALUE )`,
    ),
    `olcObjectClasses: ( 1.3.6.1.4.1.55555.2.1 NAME 'adLikeUser' SUP top AUXILIARY MAY ( ${AD_LIKE_ATTRIBUTES.join(' $ ')} $ c ) )`,
    '',
  ].join('\n');
}

function configLdif(dir: string, rootPassword: string, tls: boolean): string {
  const include = (name: string) => readFileSync(join(SCHEMA_DIR, `${name}.ldif`), 'utf8');
  return [
    [
      'dn: cn=config',
      'objectClass: olcGlobal',
      'cn: config',
      `olcPidFile: ${join(dir, 'slapd.pid')}`,
      ...(tls
        ? [
            `olcTLSCACertificateFile: ${join(dir, 'ca.pem')}`,
            `olcTLSCertificateFile: ${join(dir, 'server.pem')}`,
            `olcTLSCertificateKeyFile: ${join(dir, 'server.key')}`,
          ]
        : []),
      '',
    ].join('\n'),
    [
      'dn: cn=module{0},cn=config',
      'objectClass: olcModuleList',
      'cn: module{0}',
      `olcModulePath: ${MODULE_DIR}`,
      'olcModuleLoad: back_mdb',
      '',
    ].join('\n'),
    ['dn: cn=schema,cn=config', 'objectClass: olcSchemaConfig', 'cn: schema', ''].join('\n'),
    include('core'),
    include('cosine'),
    include('inetorgperson'),
    adLikeSchema(),
    [
      'dn: olcDatabase={-1}frontend,cn=config',
      'objectClass: olcDatabaseConfig',
      'objectClass: olcFrontendConfig',
      'olcDatabase: {-1}frontend',
      '',
    ].join('\n'),
    [
      'dn: olcDatabase={0}config,cn=config',
      'objectClass: olcDatabaseConfig',
      'olcDatabase: {0}config',
      'olcAccess: {0}to * by * none',
      '',
    ].join('\n'),
    [
      'dn: olcDatabase={1}mdb,cn=config',
      'objectClass: olcDatabaseConfig',
      'objectClass: olcMdbConfig',
      'olcDatabase: {1}mdb',
      `olcSuffix: ${SLAPD_SUFFIX}`,
      `olcRootDN: ${SLAPD_ROOT_DN}`,
      `olcRootPW: ${rootPassword}`,
      `olcDbDirectory: ${join(dir, 'data')}`,
      'olcDbMaxSize: 268435456',
      // Like a real directory: a plain search stops at the limit, a paged one may read everything.
      `olcLimits: {0}* size.soft=${SLAPD_SIZE_LIMIT} size.hard=${SLAPD_SIZE_LIMIT} size.prtotal=unlimited`,
      'olcAccess: {0}to attrs=userPassword by anonymous auth by * none',
      'olcAccess: {1}to * by users read by * none',
      'olcDbIndex: objectClass eq',
      'olcDbIndex: sAMAccountName,employeeID,mail,cn,sn,givenName eq,sub',
      '',
    ].join('\n'),
  ].join('\n');
}

function baseEntries(servicePassword: string): string {
  return [
    `dn: ${SLAPD_SUFFIX}`,
    'objectClass: dcObject',
    'objectClass: organization',
    'dc: corp',
    'o: Corp',
    '',
    `dn: ou=service,${SLAPD_SUFFIX}`,
    'objectClass: organizationalUnit',
    'ou: service',
    '',
    `dn: ${SLAPD_SERVICE_DN}`,
    'objectClass: person',
    'cn: podpis',
    'sn: podpis',
    `userPassword: ${servicePassword}`,
    '',
    `dn: ${SLAPD_PEOPLE_DN}`,
    'objectClass: organizationalUnit',
    'ou: people',
    '',
  ].join('\n');
}

const randomPassword = (): string => `p${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;

/** Waits until a TCP connection to the port succeeds. */
function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

/** Starts slapd with the suffix, the service account, ou=people and `options.entries`. */
export async function startSlapd(options: SlapdOptions = {}): Promise<SlapdServer> {
  const dir = tempDir('podpis-slapd-');
  const configDir = join(dir, 'slapd.d');
  mkdirSync(configDir);
  mkdirSync(join(dir, 'data'));
  const rootPassword = randomPassword();
  const servicePassword = options.servicePassword ?? randomPassword();
  if (options.tls) {
    writeFileSync(join(dir, 'ca.pem'), options.tls.ca);
    writeFileSync(join(dir, 'server.pem'), options.tls.cert);
    writeFileSync(join(dir, 'server.key'), options.tls.key, { mode: 0o600 });
  }
  writeFileSync(join(dir, 'config.ldif'), configLdif(dir, rootPassword, options.tls !== undefined));
  writeFileSync(join(dir, 'data.ldif'), `${baseEntries(servicePassword)}\n${options.entries ?? ''}`);
  // -q: no consistency checks while loading a fresh database, which is what makes 10,000 entries quick.
  const slapadd = (database: string, ldif: string) => {
    const result = spawnSync('slapadd', ['-q', '-n', database, '-F', configDir, '-l', join(dir, ldif)], {
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`slapadd -n ${database} failed: ${result.stderr}`);
  };
  slapadd('0', 'config.ldif');
  slapadd('1', 'data.ldif');

  const port = await freePort();
  const tlsPort = options.tls ? await freePort() : undefined;
  const urls = [`ldap://127.0.0.1:${port}/`, ...(tlsPort ? [`ldaps://127.0.0.1:${tlsPort}/`] : [])];
  // -d keeps slapd in the foreground, so this process owns it and its end; PODPIS_SLAPD_DEBUG=8 (or any
  // slapd debug level) shows its log on stderr.
  const child: ChildProcess = spawn(
    'slapd',
    ['-h', urls.join(' '), '-F', configDir, '-d', process.env.PODPIS_SLAPD_DEBUG ?? '0'],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (process.env.PODPIS_SLAPD_DEBUG) process.stderr.write(chunk);
    stderr += chunk.toString('utf8');
  });
  let exited = false;
  const ended = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
  });
  try {
    await waitFor(async () => !exited && (await portOpen(port)) && (!tlsPort || (await portOpen(tlsPort))), {
      what: 'slapd to listen',
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`slapd did not start: ${stderr}`, { cause: error });
  }
  const kill = () => {
    if (!exited) child.kill('SIGKILL');
  };
  return {
    url: `ldap://127.0.0.1:${port}`,
    ldapsUrl: tlsPort ? `ldaps://127.0.0.1:${tlsPort}` : undefined,
    serviceDn: SLAPD_SERVICE_DN,
    servicePassword,
    rootDn: SLAPD_ROOT_DN,
    rootPassword,
    kill,
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await Promise.race([ended, new Promise((resolve) => setTimeout(resolve, 5000))]);
      kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A test CA (ECDSA P-256, as slapd's GnuTLS takes) and a server certificate
 * it issued for 127.0.0.1 and localhost, made with the openssl command.
 */
export function slapdTestTls(): SlapdTls {
  const dir = tempDir('podpis-slapd-tls-');
  const run = (args: string[]) =>
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key']);
  run([
    'req',
    '-x509',
    '-new',
    '-key',
    'ca.key',
    '-subj',
    '/CN=Podpis test directory CA',
    '-days',
    '2',
    '-out',
    'ca.pem',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'server.key']);
  run(['req', '-new', '-key', 'server.key', '-subj', '/CN=127.0.0.1', '-out', 'server.csr']);
  writeFileSync(
    join(dir, 'ext.cnf'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n',
  );
  run([
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    'ext.cnf',
    '-out',
    'server.pem',
  ]);
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  return { ca: read('ca.pem'), cert: read('server.pem'), key: read('server.key') };
}

const TRANSLIT: Record<string, string> = Object.fromEntries(
  Array.from('абвгдеёжзийклмнопрстуфхцчшщъыьэюя', (c) => c).map((c, i) => [
    c,
    [
      'a',
      'b',
      'v',
      'g',
      'd',
      'e',
      'e',
      'zh',
      'z',
      'i',
      'i',
      'k',
      'l',
      'm',
      'n',
      'o',
      'p',
      'r',
      's',
      't',
      'u',
      'f',
      'kh',
      'ts',
      'ch',
      'sh',
      'shch',
      '',
      'y',
      '',
      'e',
      'iu',
      'ia',
    ][i]!,
  ]),
);
function latin(text: string): string {
  let result = '';
  for (const c of text.toLowerCase()) result += TRANSLIT[c] ?? c;
  return result;
}

const SURNAMES = [
  'Иванов',
  'Петров',
  'Сидоров',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Фёдоров',
  'Морозов',
  'Волков',
  'Алексеев',
  'Лебедев',
  'Семёнов',
  'Егоров',
  'Павлов',
  'Козлов',
  'Степанов',
];
const NAMES = ['Иван', 'Пётр', 'Алексей', 'Сергей', 'Андрей', 'Дмитрий', 'Михаил', 'Николай', 'Юрий', 'Олег'];
const PATRONYMICS = ['Иванович', 'Петрович', 'Сергеевич', 'Андреевич', 'Олегович'];
const DEPARTMENTS = ['Бухгалтерия', 'Отдел кадров', 'Юридический отдел', 'ИТ-служба', 'Отдел продаж'];
const TITLES = ['Бухгалтер', 'Инженер', 'Юрист', 'Менеджер', 'Специалист'];

/** One seeded employee, as the tests expect to find them. */
export interface SeededEmployee {
  dn: string;
  login: string;
  password: string;
  employeeId: string;
  surname: string;
  name: string;
  patronymic: string;
  mail: string;
}

/** The n-th seeded employee (0-based): deterministic, so tests can name whom they look for. */
export function seededEmployee(n: number): SeededEmployee {
  const surname = SURNAMES[n % SURNAMES.length]!;
  const name = NAMES[Math.floor(n / SURNAMES.length) % NAMES.length]!;
  const patronymic = PATRONYMICS[n % PATRONYMICS.length]!;
  const login = `${latin(name)[0]}.${latin(surname)}${n}`;
  return {
    dn: `uid=${login},${SLAPD_PEOPLE_DN}`,
    login,
    password: `Пароль-${n}`,
    employeeId: `E${String(n).padStart(5, '0')}`,
    surname,
    name,
    patronymic,
    mail: `${login}@corp.example`,
  };
}

/**
 * `count` Cyrillic employees under ou=people, as an Active Directory would
 * hold them (sAMAccountName, userPrincipalName, employeeID, middleName,
 * department, company; INN in extensionAttribute1, SNILS in
 * extensionAttribute2 — left empty here, the tests add them where needed).
 * Passwords are stored in clear: slapd compares them on bind, and this
 * directory lives for one test file.
 */
export function employeesLdif(count: number): string {
  const blocks: string[] = [];
  for (let n = 0; n < count; n++) {
    const e = seededEmployee(n);
    blocks.push(
      [
        `dn: ${e.dn}`,
        'objectClass: inetOrgPerson',
        'objectClass: adLikeUser',
        `uid: ${e.login}`,
        `cn: ${e.surname} ${e.name} ${e.patronymic}`,
        `sn: ${e.surname}`,
        `givenName: ${e.name}`,
        `middleName: ${e.patronymic}`,
        `sAMAccountName: ${e.login}`,
        `userPrincipalName: ${e.mail}`,
        `employeeID: ${e.employeeId}`,
        `mail: ${e.mail}`,
        `title: ${TITLES[n % TITLES.length]}`,
        `department: ${DEPARTMENTS[n % DEPARTMENTS.length]}`,
        'company: АО «Корпорация»',
        `telephoneNumber: +7 495 ${String(1000000 + n).slice(1, 4)}-${String(n % 100).padStart(2, '0')}-00`,
        'l: Москва',
        'st: 77 г. Москва',
        `street: ул. Тверская, д. ${(n % 30) + 1}`,
        `userPassword: ${e.password}`,
        '',
      ].join('\n'),
    );
  }
  return blocks.join('\n');
}
