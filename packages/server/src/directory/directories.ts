import { randomUUID } from 'node:crypto';
import { appendAudit } from '../audit/audit-log.js';
import { DomainError } from '../core/domain-error.js';
import type { Queryable } from '../db/db.js';
import { isUniqueViolation } from '../db/errors.js';
import type { ChangeContext } from '../people/accounts.js';
import type { DirectoryContext } from './context.js';
import type { ConnectionSettings } from './connection.js';
import { checkUserFilter } from './filter.js';
import { ACTIVE_DIRECTORY_MAP, checkAttributeMap, type AttributeMap } from './mapping.js';
import { checkCaCertificatePem } from '../core/ca-certificate-pem.js';

/** Active Directory's user objects, without computers (which are users too in AD). */
export const ACTIVE_DIRECTORY_USER_FILTER = '(&(objectCategory=person)(objectClass=user))';
export const DEFAULT_PAGE_SIZE = 200;
export const DEFAULT_TIMEOUT_MS = 5000;

/** A directory as administrators see it: never the service account's password. */
export interface Directory {
  id: string;
  name: string;
  url: string;
  startTls: boolean;
  caCertificate: string | null;
  bindDn: string;
  baseDn: string;
  userFilter: string;
  pageSize: number;
  timeoutMs: number;
  attributeMap: AttributeMap;
  /** Users linked to this directory sign in with their directory password (an LDAP bind as their DN). */
  passwordSignIn: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** A directory with what connecting needs: for the service only, never for an answer. */
export interface DirectoryWithSecrets extends Directory {
  connection: ConnectionSettings;
  bindPassword: string;
}

export interface DirectoryInput {
  name: string;
  url: string;
  startTls?: boolean;
  caCertificate?: string | null;
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  userFilter?: string;
  pageSize?: number;
  timeoutMs?: number;
  attributeMap?: Record<string, string>;
  passwordSignIn?: boolean;
}

/** A change: what is given replaces; a bind DN without a password keeps the password. */
export type DirectoryPatch = Partial<DirectoryInput>;

type DirectoryRow = {
  id: string;
  name: string;
  url: string;
  start_tls: boolean;
  ca_certificate: string | null;
  bind_sealed: Uint8Array;
  base_dn: string;
  user_filter: string;
  page_size: number;
  timeout_ms: number;
  attribute_map: AttributeMap;
  password_sign_in: boolean;
  created_at: Date;
  updated_at: Date;
};

/** What the key store's sealing calls the secrets of this service. */
const SEALING_PURPOSE = 'directory';

type Credentials = { dn: string; password: string };

function sealCredentials(
  ctx: Pick<DirectoryContext, 'sealer'>,
  id: string,
  credentials: Credentials,
): Buffer {
  return Buffer.from(
    ctx.sealer.sealSecret(SEALING_PURPOSE, id, Buffer.from(JSON.stringify(credentials), 'utf8')),
  );
}

function openCredentials(ctx: Pick<DirectoryContext, 'sealer'>, row: DirectoryRow): Credentials {
  const opened = ctx.sealer.openSecret(SEALING_PURPOSE, row.id, Buffer.from(row.bind_sealed));
  return JSON.parse(Buffer.from(opened).toString('utf8')) as Credentials;
}

function withSecrets(ctx: Pick<DirectoryContext, 'sealer'>, row: DirectoryRow): DirectoryWithSecrets {
  const credentials = openCredentials(ctx, row);
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    startTls: row.start_tls,
    caCertificate: row.ca_certificate,
    bindDn: credentials.dn,
    baseDn: row.base_dn,
    userFilter: row.user_filter,
    pageSize: row.page_size,
    timeoutMs: row.timeout_ms,
    attributeMap: row.attribute_map,
    passwordSignIn: row.password_sign_in,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    connection: {
      url: row.url,
      startTls: row.start_tls,
      caCertificate: row.ca_certificate,
      timeoutMs: row.timeout_ms,
    },
    bindPassword: credentials.password,
  };
}

/** The public view: the secrets and connection details dropped. */
export function directoryView(directory: DirectoryWithSecrets): Directory {
  const { connection: _connection, bindPassword: _password, ...view } = directory;
  return view;
}

const invalid = (field: string, message: string) => new DomainError('DIRECTORY_INVALID', message, { field });

function checkUrl(url: string, startTls: boolean): string {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw invalid('url', `not a URL: ${url}`);
  }
  if (parsed.protocol !== 'ldap:' && parsed.protocol !== 'ldaps:') {
    throw invalid('url', 'the URL must start with ldap:// or ldaps://');
  }
  if (
    !parsed.hostname ||
    parsed.username ||
    parsed.password ||
    (parsed.pathname !== '' && parsed.pathname !== '/')
  ) {
    throw invalid('url', 'the URL names a host and port only: ldap://host:389 or ldaps://host:636');
  }
  if (startTls && parsed.protocol === 'ldaps:') {
    throw invalid('startTls', 'StartTLS is for ldap:// URLs; ldaps:// is TLS from the start');
  }
  return `${parsed.protocol}//${parsed.host}`;
}

function checkCaCertificate(pem: string | null | undefined): string | null {
  return checkCaCertificatePem(pem, invalid);
}

function checkText(field: string, value: string): string {
  const text = value.trim();
  if (text === '') throw invalid(field, `${field} must not be empty`);
  return text;
}

function checkRange(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(field, `${field} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

type Settings = Omit<DirectoryRow, 'id' | 'bind_sealed' | 'created_at' | 'updated_at'> & Credentials;

/** The directories row's columns after its id, in the order INSERT and UPDATE list them ($2…$12). */
function settingsParameters(
  id: string,
  settings: Settings,
  sealed: ReturnType<typeof sealCredentials>,
): unknown[] {
  return [
    id,
    settings.name,
    settings.url,
    settings.start_tls,
    settings.ca_certificate,
    sealed,
    settings.base_dn,
    settings.user_filter,
    settings.page_size,
    settings.timeout_ms,
    JSON.stringify(settings.attribute_map),
    settings.password_sign_in,
  ];
}

function checkedSettings(input: DirectoryInput): Settings {
  const startTls = input.startTls ?? false;
  return {
    name: checkText('name', input.name),
    url: checkUrl(input.url, startTls),
    start_tls: startTls,
    ca_certificate: checkCaCertificate(input.caCertificate),
    dn: checkText('bindDn', input.bindDn),
    password: input.bindPassword,
    base_dn: checkText('baseDn', input.baseDn),
    user_filter: checkUserFilter(input.userFilter ?? ACTIVE_DIRECTORY_USER_FILTER),
    page_size: checkRange('pageSize', input.pageSize ?? DEFAULT_PAGE_SIZE, 1, 1000),
    timeout_ms: checkRange('timeoutMs', input.timeoutMs ?? DEFAULT_TIMEOUT_MS, 100, 60000),
    attribute_map: checkAttributeMap(input.attributeMap ?? { ...ACTIVE_DIRECTORY_MAP }),
    password_sign_in: input.passwordSignIn ?? false,
  };
}

const COLUMNS = `id, name, url, start_tls, ca_certificate, bind_sealed, base_dn, user_filter, page_size, timeout_ms,
  attribute_map, password_sign_in, created_at, updated_at`;

function nameTaken(name: string): DomainError {
  return invalid('name', `a directory named ${name} exists already`);
}

/** Connects a directory; its service account's DN and password are sealed, the password never shown again. */
export async function createDirectory(
  ctx: DirectoryContext,
  input: DirectoryInput,
  context: ChangeContext,
): Promise<Directory> {
  const settings = checkedSettings(input);
  if (settings.password === '') throw invalid('bindPassword', 'the bind password must not be empty');
  const id = randomUUID();
  const sealed = sealCredentials(ctx, id, { dn: settings.dn, password: settings.password });
  try {
    const row = await ctx.db.transaction(async (tx) => {
      const { rows } = await tx.query<DirectoryRow>(
        `INSERT INTO directories (id, name, url, start_tls, ca_certificate, bind_sealed, base_dn, user_filter,
           page_size, timeout_ms, attribute_map, password_sign_in)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${COLUMNS}`,
        settingsParameters(id, settings, sealed),
      );
      await appendAudit(tx, {
        ...context,
        action: 'directory.create',
        target: `directory:${id}`,
        details: { name: settings.name, url: settings.url, passwordSignIn: settings.password_sign_in },
      });
      return rows[0]!;
    });
    return directoryView(withSecrets(ctx, row));
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(settings.name);
    throw error;
  }
}

async function findRow(db: Queryable, id: string, lock = false): Promise<DirectoryRow> {
  const { rows } = /^[0-9a-f-]{36}$/i.test(id)
    ? await db.query<DirectoryRow>(
        `SELECT ${COLUMNS} FROM directories WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
        [id],
      )
    : { rows: [] };
  const row = rows[0];
  if (!row) throw new DomainError('DIRECTORY_NOT_FOUND', `no such directory: ${id}`);
  return row;
}

/** A directory with its secrets opened, for connecting. */
export async function directoryForUse(ctx: DirectoryContext, id: string): Promise<DirectoryWithSecrets> {
  return withSecrets(ctx, await findRow(ctx.db, id));
}

export async function getDirectory(ctx: DirectoryContext, id: string): Promise<Directory> {
  return directoryView(await directoryForUse(ctx, id));
}

export async function listDirectories(ctx: DirectoryContext): Promise<Directory[]> {
  const { rows } = await ctx.db.query<DirectoryRow>(
    `SELECT ${COLUMNS} FROM directories ORDER BY lower(name), id`,
  );
  return rows.map((row) => directoryView(withSecrets(ctx, row)));
}

/** Changes a directory's settings, audited with the names (never the values) of what changed. */
export async function updateDirectory(
  ctx: DirectoryContext,
  id: string,
  patch: DirectoryPatch,
  context: ChangeContext,
): Promise<Directory> {
  const current = await directoryForUse(ctx, id);
  const merged: DirectoryInput = {
    name: patch.name ?? current.name,
    url: patch.url ?? current.url,
    startTls: patch.startTls ?? current.startTls,
    caCertificate: patch.caCertificate === undefined ? current.caCertificate : patch.caCertificate,
    bindDn: patch.bindDn ?? current.bindDn,
    bindPassword: patch.bindPassword ?? current.bindPassword,
    baseDn: patch.baseDn ?? current.baseDn,
    userFilter: patch.userFilter ?? current.userFilter,
    pageSize: patch.pageSize ?? current.pageSize,
    timeoutMs: patch.timeoutMs ?? current.timeoutMs,
    attributeMap: patch.attributeMap ?? current.attributeMap,
    passwordSignIn: patch.passwordSignIn ?? current.passwordSignIn,
  };
  const settings = checkedSettings(merged);
  if (settings.password === '') throw invalid('bindPassword', 'the bind password must not be empty');
  const changed = (Object.keys(patch) as (keyof DirectoryPatch)[]).filter((key) => patch[key] !== undefined);
  const sealed = sealCredentials(ctx, id, { dn: settings.dn, password: settings.password });
  try {
    const row = await ctx.db.transaction(async (tx) => {
      await findRow(tx, id, true);
      const { rows } = await tx.query<DirectoryRow>(
        `UPDATE directories SET name = $2, url = $3, start_tls = $4, ca_certificate = $5, bind_sealed = $6,
           base_dn = $7, user_filter = $8, page_size = $9, timeout_ms = $10, attribute_map = $11,
           password_sign_in = $12, updated_at = now()
         WHERE id = $1 RETURNING ${COLUMNS}`,
        settingsParameters(id, settings, sealed),
      );
      await appendAudit(tx, {
        ...context,
        action: 'directory.update',
        target: `directory:${id}`,
        details: { name: settings.name, fields: changed },
      });
      return rows[0]!;
    });
    return directoryView(withSecrets(ctx, row));
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(settings.name);
    throw error;
  }
}

/**
 * Removes a directory. Links of users to its entries stay in their
 * identities (the history of where a user came from), but nothing is looked
 * up or signed in through it any more.
 */
export async function deleteDirectory(
  ctx: DirectoryContext,
  id: string,
  context: ChangeContext,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const row = await findRow(tx, id, true);
    await tx.query('DELETE FROM directories WHERE id = $1', [id]);
    await appendAudit(tx, {
      ...context,
      action: 'directory.delete',
      target: `directory:${id}`,
      details: { name: row.name },
    });
  });
}
