import { DomainError } from '../core/domain-error.js';
import type { Client } from 'ldapts';
import type { ChangeContext } from '../people/accounts.js';
import { identitiesOf } from '../people/identities.js';
import { normalizeProfile, PROFILE_FIELD_NAMES, type ProfileField } from '../people/profile.js';
import { getUser, updateUserProfile, type UserView } from '../people/users.js';
import { directoryOfSource, identitySource, type DirectoryContext } from './context.js';
import { directoryFailure, pagedSearch, withConnection } from './connection.js';
import { directoryForUse, type DirectoryWithSecrets } from './directories.js';
import { escapeFilterBytes, escapeFilterValue, peopleSearchFilter } from './filter.js';
import {
  entryOf,
  guidBytes,
  requestedAttributes,
  searchedAttributes,
  type DirectoryEntry,
} from './mapping.js';

/** How many entries "test connection" shows. */
export const TEST_ENTRIES = 10;
/** The most entries one operator's search returns. */
export const MAX_SEARCH_RESULTS = 50;

async function bindService(client: Client, directory: DirectoryWithSecrets): Promise<void> {
  await client.bind(directory.bindDn, directory.bindPassword);
}

/**
 * Connects with the saved settings, binds as the service account and reads
 * the first entries the user filter finds: what an administrator checks
 * after changing the settings. Changes nothing.
 */
export async function testDirectory(
  ctx: DirectoryContext,
  id: string,
): Promise<{ entries: DirectoryEntry[]; elapsedMs: number }> {
  const directory = await directoryForUse(ctx, id);
  const started = performance.now();
  const entries = await withConnection(directory.connection, async (client) => {
    await bindService(client, directory);
    return pagedSearch(client, {
      baseDn: directory.baseDn,
      filter: directory.userFilter,
      attributes: requestedAttributes(directory.attributeMap),
      pageSize: directory.pageSize,
      limit: TEST_ENTRIES,
    });
  });
  return {
    entries: entries.map((raw) => entryOf(raw, directory.attributeMap)),
    elapsedMs: Math.round(performance.now() - started),
  };
}

/**
 * The operator's search for an applicant: every word of `term` must occur
 * in the login, e-mail, employee id or name attributes (Cyrillic as typed;
 * the words are literal values, never filter syntax).
 */
export async function searchDirectory(
  ctx: DirectoryContext,
  id: string,
  term: string,
  limit = 20,
): Promise<DirectoryEntry[]> {
  const directory = await directoryForUse(ctx, id);
  if (term.trim().length < 2) {
    throw new DomainError('DIRECTORY_INVALID', 'type at least two characters to search', { field: 'q' });
  }
  const filter = peopleSearchFilter(directory.userFilter, term, searchedAttributes(directory.attributeMap));
  const raw = await withConnection(directory.connection, async (client) => {
    await bindService(client, directory);
    return pagedSearch(client, {
      baseDn: directory.baseDn,
      filter,
      attributes: requestedAttributes(directory.attributeMap),
      pageSize: directory.pageSize,
      limit: Math.min(Math.max(limit, 1), MAX_SEARCH_RESULTS),
    });
  });
  return raw.map((entry) => entryOf(entry, directory.attributeMap));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The entry a link names (objectGUID or entryUUID, else a DN), if the user filter still finds it. */
async function findLinkedEntry(
  client: Client,
  directory: DirectoryWithSecrets,
  externalId: string,
): Promise<DirectoryEntry | undefined> {
  const attributes = requestedAttributes(directory.attributeMap);
  if (UUID.test(externalId)) {
    const id = `(|(entryUUID=${escapeFilterValue(externalId)})(objectGUID=${escapeFilterBytes(guidBytes(externalId))}))`;
    const found = await pagedSearch(client, {
      baseDn: directory.baseDn,
      filter: `(&${directory.userFilter}${id})`,
      attributes,
      pageSize: 2,
      limit: 2,
    });
    return found.length === 1 ? entryOf(found[0]!, directory.attributeMap) : undefined;
  }
  try {
    const { searchEntries } = await client.search(externalId, {
      scope: 'base',
      filter: directory.userFilter,
      attributes,
      explicitBufferAttributes: ['objectGUID'],
    });
    const entry = searchEntries[0];
    return entry ? entryOf(entry, directory.attributeMap) : undefined;
  } catch (error) {
    const failure = directoryFailure(error, directory.url);
    if (failure.code === 'DIRECTORY_INVALID') return undefined;
    throw failure;
  }
}

/** A registration field whose value in Podpis differs from the directory's. */
export interface FieldDifference {
  field: ProfileField;
  registered: string | null;
  directory: string | null;
}

/** A user's link to a directory entry and what differs between the two. */
export interface DirectoryComparison {
  directoryId: string;
  directoryName: string;
  externalId: string;
  dn: string;
  /** The entry's values of the mapped fields. */
  values: DirectoryEntry['values'];
  differences: FieldDifference[];
}

/** The directory values of the mapped registration fields, normalised as registration normalises them. */
function directoryProfile(entry: DirectoryEntry, kind: UserView['profile']['kind']) {
  const patch: Partial<Record<ProfileField, string>> = {};
  for (const field of PROFILE_FIELD_NAMES) {
    const value = entry.values[field];
    if (value !== undefined) patch[field] = value;
  }
  return normalizeProfile({ kind, ...patch });
}

function differencesOf(user: UserView, entry: DirectoryEntry, mapped: readonly string[]): FieldDifference[] {
  const fromDirectory = directoryProfile(entry, user.profile.kind);
  return PROFILE_FIELD_NAMES.filter((field) => mapped.includes(field))
    .filter((field) => (user.profile[field] ?? null) !== (fromDirectory[field] ?? null))
    .map((field) => ({
      field,
      registered: user.profile[field] ?? null,
      directory: fromDirectory[field] ?? null,
    }));
}

async function directoryLinkOf(ctx: DirectoryContext, accountId: string) {
  const identities = await identitiesOf(ctx.db, accountId);
  for (const identity of identities) {
    const directoryId = directoryOfSource(identity.source);
    if (directoryId === undefined) continue;
    try {
      return { identity, directory: await directoryForUse(ctx, directoryId) };
    } catch (error) {
      // A link to a directory since removed: nothing to compare with.
      if (error instanceof DomainError && error.code === 'DIRECTORY_NOT_FOUND') continue;
      throw error;
    }
  }
  throw new DomainError('DIRECTORY_NOT_LINKED', `user ${accountId} is not linked to a directory entry`);
}

/** Reads the linked entry now and lists the registration fields that differ from it (the "directory changed" badge). */
export async function compareWithDirectory(
  ctx: DirectoryContext,
  accountId: string,
): Promise<DirectoryComparison> {
  const user = await getUser(ctx.db, accountId);
  const { identity, directory } = await directoryLinkOf(ctx, accountId);
  const entry = await withConnection(directory.connection, async (client) => {
    await bindService(client, directory);
    return findLinkedEntry(client, directory, identity.externalId);
  });
  if (!entry) {
    throw new DomainError(
      'DIRECTORY_ENTRY_NOT_FOUND',
      `the entry ${identity.externalId} is not in ${directory.name} any more (deleted, moved or filtered out)`,
      { directoryId: directory.id },
    );
  }
  return {
    directoryId: directory.id,
    directoryName: directory.name,
    externalId: identity.externalId,
    dn: entry.dn,
    values: entry.values,
    differences: differencesOf(user, entry, Object.keys(directory.attributeMap)),
  };
}

/**
 * Re-sync on demand: takes the directory's values of the chosen fields
 * (all that differ when none are named) into the registration data. It is
 * an ordinary edit — the version must match, the result must be a valid
 * profile, the field diff goes to the history — whose audit record names
 * the directory entry it came from.
 */
export async function syncFromDirectory(
  ctx: DirectoryContext,
  accountId: string,
  input: { version: number; fields?: ProfileField[] },
  context: ChangeContext,
): Promise<{ user: UserView; applied: FieldDifference[] }> {
  const comparison = await compareWithDirectory(ctx, accountId);
  const applied = comparison.differences.filter((d) => !input.fields || input.fields.includes(d.field));
  const patch: Partial<Record<ProfileField, string | null>> = {};
  for (const difference of applied) patch[difference.field] = difference.directory;
  const user = await updateUserProfile(
    ctx.db,
    accountId,
    { version: input.version, profile: patch },
    context,
    'user.update',
    {
      source: identitySource(comparison.directoryId),
      externalId: comparison.externalId,
    },
  );
  return { user, applied };
}

/** Checks that a directory exists before a registration links the new user to one of its entries. */
export async function registrationIdentity(
  ctx: DirectoryContext,
  link: { directoryId: string; externalId: string },
): Promise<{ source: string; externalId: string }> {
  const directory = await directoryForUse(ctx, link.directoryId);
  return { source: identitySource(directory.id), externalId: link.externalId };
}

/**
 * The directory password check of a user linked to a directory that allows
 * it: find the entry with the service account, then bind as the entry's DN
 * with the password on a connection of its own. Undefined when the account
 * signs in with its Podpis password. An empty password is refused here: an
 * LDAP simple bind with one is an anonymous bind, which servers accept.
 */
export async function verifyDirectoryPassword(
  ctx: DirectoryContext,
  accountId: string,
  password: string,
): Promise<boolean | undefined> {
  const identities = await identitiesOf(ctx.db, accountId);
  for (const identity of identities) {
    const directoryId = directoryOfSource(identity.source);
    if (directoryId === undefined) continue;
    let directory: DirectoryWithSecrets;
    try {
      directory = await directoryForUse(ctx, directoryId);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'DIRECTORY_NOT_FOUND') continue;
      throw error;
    }
    if (!directory.passwordSignIn) continue;
    if (password === '') return false;
    const entry = await withConnection(directory.connection, async (client) => {
      await bindService(client, directory);
      return findLinkedEntry(client, directory, identity.externalId);
    });
    if (!entry) return false;
    try {
      await withConnection(directory.connection, (client) => client.bind(entry.dn, password));
      return true;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'DIRECTORY_BIND_FAILED') return false;
      throw error;
    }
  }
  return undefined;
}
