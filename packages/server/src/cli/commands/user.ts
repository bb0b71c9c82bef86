import { Option, type Command } from 'commander';
import type { SubjectKind } from '@podpis/pki';
import type { Db } from '../../db/db.js';
import { userIdByLogin } from '../../people/accounts.js';
import type { ProfileField, ProfilePatch } from '../../people/profile.js';
import { getUser, listUsers, registerUser, updateUserProfile, type UserView } from '../../people/users.js';
import {
  action,
  cliActor,
  CliUsageError,
  DIRECT_DATABASE_HELP,
  emit,
  fields,
  jsonOption,
  positiveInteger,
  table,
  withDatabase,
  type CliDeps,
} from './shared.js';

const KINDS: readonly SubjectKind[] = ['employee', 'person', 'entrepreneur', 'legalEntity'];

/** Registration-form options: the flag (commander camel-cases it) and the profile field it sets. */
const PROFILE_OPTIONS: readonly { flag: string; key: string; field: ProfileField; help: string }[] = [
  { flag: '--surname', key: 'surname', field: 'surname', help: 'surname (фамилия)' },
  { flag: '--name', key: 'name', field: 'name', help: 'given name (имя)' },
  { flag: '--patronymic', key: 'patronymic', field: 'patronymic', help: 'patronymic (отчество)' },
  { flag: '--snils', key: 'snils', field: 'snils', help: 'SNILS, 11 digits (separators allowed)' },
  { flag: '--inn', key: 'inn', field: 'inn', help: "the person's INN, 12 digits" },
  { flag: '--organization', key: 'organization', field: 'organizationName', help: 'organisation name' },
  { flag: '--unit', key: 'unit', field: 'organizationalUnitName', help: 'department in the certificate' },
  { flag: '--title', key: 'title', field: 'title', help: 'job title' },
  { flag: '--ogrn', key: 'ogrn', field: 'ogrn', help: "the organisation's OGRN, 13 digits" },
  { flag: '--ogrnip', key: 'ogrnip', field: 'ogrnip', help: "an entrepreneur's OGRNIP, 15 digits" },
  { flag: '--innle', key: 'innle', field: 'innle', help: "the organisation's INN, 10 digits" },
  {
    flag: '--common-name',
    key: 'commonName',
    field: 'commonName',
    help: 'common name (default: the full name)',
  },
  { flag: '--country', key: 'country', field: 'country', help: 'country code, e.g. RU' },
  { flag: '--state', key: 'state', field: 'state', help: 'region in the certificate, e.g. "77 г. Москва"' },
  { flag: '--locality', key: 'locality', field: 'locality', help: 'city or town' },
  { flag: '--street', key: 'street', field: 'street', help: 'street address' },
  { flag: '--email', key: 'email', field: 'email', help: 'e-mail address' },
  { flag: '--phone', key: 'phone', field: 'phone', help: 'phone (contact only)' },
  { flag: '--position', key: 'position', field: 'position', help: 'position (contact only)' },
];

type ProfileOptions = Record<string, string | undefined> & { kind?: SubjectKind; json?: boolean };

function addProfileOptions(
  command: Command,
  required: readonly string[],
  clearNote: string,
  defaults: Readonly<Record<string, string>> = {},
): void {
  for (const o of PROFILE_OPTIONS) {
    const option = new Option(`${o.flag} <value>`, `${o.help}${clearNote}`);
    if (required.includes(o.key)) option.makeOptionMandatory();
    const fallback = defaults[o.key];
    if (fallback !== undefined) option.default(fallback);
    command.addOption(option);
  }
}

/** The profile fields given on the command line; with `emptyClears`, "" clears a field. */
function profilePatch(options: ProfileOptions, emptyClears: boolean): ProfilePatch {
  const patch: ProfilePatch = {};
  for (const o of PROFILE_OPTIONS) {
    const value = options[o.key];
    if (value !== undefined) patch[o.field] = emptyClears && value.trim() === '' ? null : value;
  }
  if (options.kind !== undefined) patch.kind = options.kind;
  return patch;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A user named by account id or by login (any letter case). */
export async function resolveUser(db: Db, ref: string): Promise<UserView> {
  if (UUID.test(ref)) return getUser(db, ref.toLowerCase());
  return getUser(db, await userIdByLogin(db, ref));
}

function fullName(user: UserView): string {
  const p = user.profile;
  return [p.surname, p.name, p.patronymic].filter((s) => s !== undefined).join(' ');
}

function describeUser(user: UserView): string {
  return fields([
    ['id', user.id],
    ['login', user.login],
    ['status', user.status],
    ['version', String(user.version)],
    ['created', `${user.createdAt} by ${user.createdBy}`],
    ['kind', user.profile.kind],
    ...PROFILE_OPTIONS.filter((o) => user.profile[o.field] !== undefined).map(
      (o) => [o.flag.slice(2), user.profile[o.field]] as const,
    ),
  ]);
}

export function registerUserCommands(program: Command, deps: CliDeps): void {
  const user = program
    .command('user')
    .description("register and edit users (holders of qualified certificates) in the installation's database")
    .addHelpText('after', DIRECT_DATABASE_HELP);

  const create = jsonOption(
    user
      .command('create')
      .description('register a user; prints the id and the temporary password, shown only this once')
      .requiredOption('--login <login>', 'login: 3–64 Latin letters, digits and . _ @ -')
      .addOption(new Option('--kind <kind>', 'kind of holder').choices(KINDS).default('employee')),
  );
  addProfileOptions(create, ['surname', 'name', 'snils', 'inn'], '', { country: 'RU' });
  create.action(
    action(deps, async (config, options: ProfileOptions & { login: string; kind: SubjectKind }) => {
      const { user: created, temporaryPassword } = await withDatabase(config, (db) =>
        registerUser(
          db,
          config.auth,
          { login: options.login, profile: { ...profilePatch(options, false), kind: options.kind } },
          { actor: cliActor() },
        ),
      );
      emit(options.json, { user: created, temporaryPassword }, () =>
        fields([
          ['id', created.id],
          ['login', created.login],
          [
            'temporary password',
            `${temporaryPassword}   (shown only now; the user changes it at first login)`,
          ],
        ]),
      );
    }),
  );

  jsonOption(
    user
      .command('list')
      .description('list users by login, optionally matching a search')
      .option('--search <text>', 'part of the login, surname, name or patronymic; or a whole SNILS or INN')
      .option('--limit <n>', 'at most this many users', positiveInteger, 50),
  ).action(
    action(deps, async (config, options: { search?: string; limit: number; json?: boolean }) => {
      const page = await withDatabase(config, (db) =>
        listUsers(db, {
          ...(options.search !== undefined ? { search: options.search } : {}),
          limit: options.limit,
          offset: 0,
        }),
      );
      emit(options.json, page, () =>
        page.items.length === 0
          ? 'no users\n'
          : table(
              ['ID', 'LOGIN', 'STATUS', 'NAME', 'SNILS'],
              page.items.map((u) => [u.id, u.login, u.status, fullName(u), u.profile.snils ?? '']),
            ) + (page.total > page.items.length ? `(${page.items.length} of ${page.total})\n` : ''),
      );
    }),
  );

  jsonOption(
    user
      .command('show')
      .description("a user's account and registration data")
      .argument('<user>', 'id or login'),
  ).action(
    action(deps, async (config, ref: string, options: { json?: boolean }) => {
      const found = await withDatabase(config, (db) => resolveUser(db, ref));
      emit(options.json, found, () => describeUser(found));
    }),
  );

  const edit = jsonOption(
    user
      .command('edit')
      .description(
        'change registration data; quote the version "user show" printed (exit 1 with CONCURRENT_EDIT if it changed since)',
      )
      .argument('<user>', 'id or login')
      .requiredOption('--version <n>', 'the version of the data being edited', positiveInteger)
      .addOption(new Option('--kind <kind>', 'kind of holder').choices(KINDS)),
  );
  addProfileOptions(edit, [], '; "" clears it');
  edit.action(
    action(deps, async (config, ref: string, options: ProfileOptions & { version: number }) => {
      const patch = profilePatch(options, true);
      if (Object.keys(patch).length === 0)
        throw new CliUsageError('nothing to change: give at least one field option, e.g. --email');
      const updated = await withDatabase(config, async (db) => {
        const found = await resolveUser(db, ref);
        return updateUserProfile(
          db,
          found.id,
          { version: options.version, profile: patch },
          { actor: cliActor() },
        );
      });
      emit(options.json, updated, () => describeUser(updated));
    }),
  );
}
