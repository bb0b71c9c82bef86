import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../auth-plugin.js';
import type { DirectoryContext } from '../../directory/context.js';
import {
  createDirectory,
  deleteDirectory,
  getDirectory,
  listDirectories,
  updateDirectory,
  ACTIVE_DIRECTORY_USER_FILTER,
  DEFAULT_PAGE_SIZE,
  DEFAULT_TIMEOUT_MS,
  type Directory,
} from '../../directory/directories.js';
import {
  compareWithDirectory,
  searchDirectory,
  syncFromDirectory,
  testDirectory,
  MAX_SEARCH_RESULTS,
} from '../../directory/lookup.js';
import { ACTIVE_DIRECTORY_MAP, DIRECTORY_FIELDS, type DirectoryEntry } from '../../directory/mapping.js';
import { PROFILE_FIELD_NAMES } from '../../people/profile.js';
import { changeContext } from './users.js';
import { IdParams, problems, ProfileProblemSchema, UserSchema } from './users-schemas.js';

export interface DirectoryRoutesOptions {
  directory: DirectoryContext;
}

const tags = ['directories'];
const Timestamp = Type.String({ format: 'date-time' });

const AttributeMapSchema = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 100 }), {
  description: `Registration field → LDAP attribute; fields: ${DIRECTORY_FIELDS.join(', ')}. Active Directory's by default: ${JSON.stringify(ACTIVE_DIRECTORY_MAP)}; INN and SNILS live in custom attributes the administrator names (e.g. extensionAttribute1)`,
});

const settingsFields = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  url: Type.String({ maxLength: 500, description: 'ldap://host:389 or ldaps://host:636' }),
  startTls: Type.Boolean({ description: 'Upgrade an ldap:// connection with StartTLS' }),
  caCertificate: Type.Union([Type.String({ maxLength: 65536 }), Type.Null()], {
    description: "PEM of the CA to trust for the server's certificate; null: the system's trusted CAs",
  }),
  bindDn: Type.String({ minLength: 1, maxLength: 1000, description: 'The service account that searches' }),
  baseDn: Type.String({ minLength: 1, maxLength: 1000 }),
  userFilter: Type.String({
    maxLength: 2000,
    description: `An RFC 4515 filter for user entries; default ${ACTIVE_DIRECTORY_USER_FILTER}`,
  }),
  pageSize: Type.Integer({ minimum: 1, maximum: 1000, description: `Default ${DEFAULT_PAGE_SIZE}` }),
  timeoutMs: Type.Integer({
    minimum: 100,
    maximum: 60000,
    description: `For connecting and for each LDAP operation; default ${DEFAULT_TIMEOUT_MS}`,
  }),
  attributeMap: AttributeMapSchema,
  passwordSignIn: Type.Boolean({
    description: 'Users linked to this directory sign in with their directory password (LDAP bind)',
  }),
};

const BindPassword = Type.String({
  minLength: 1,
  maxLength: 1000,
  description: 'Stored sealed under the master key, never shown again',
});

const DirectorySchema = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    ...settingsFields,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { additionalProperties: false, description: "A directory's settings: never the bind password" },
);

const CreateBody = Type.Object(
  {
    name: settingsFields.name,
    url: settingsFields.url,
    startTls: Type.Optional(settingsFields.startTls),
    caCertificate: Type.Optional(settingsFields.caCertificate),
    bindDn: settingsFields.bindDn,
    bindPassword: BindPassword,
    baseDn: settingsFields.baseDn,
    userFilter: Type.Optional(settingsFields.userFilter),
    pageSize: Type.Optional(settingsFields.pageSize),
    timeoutMs: Type.Optional(settingsFields.timeoutMs),
    attributeMap: Type.Optional(AttributeMapSchema),
    passwordSignIn: Type.Optional(settingsFields.passwordSignIn),
  },
  { additionalProperties: false },
);

const PatchBody = Type.Partial(CreateBody, {
  additionalProperties: false,
  description: 'What is given replaces; without bindPassword the stored one stays',
});

const EntryValues = Type.Record(Type.String(), Type.String(), {
  description: 'The mapped fields the entry fills: login, employeeId and registration fields',
});

const EntrySchema = Type.Object(
  {
    externalId: Type.String({
      description: 'objectGUID, entryUUID or the DN: what the user keeps as the link',
    }),
    dn: Type.String(),
    values: EntryValues,
  },
  { additionalProperties: false },
);

const FoundEntrySchema = Type.Object(
  {
    directoryId: Type.String({ format: 'uuid' }),
    directoryName: Type.String(),
    ...EntrySchema.properties,
  },
  { additionalProperties: false },
);

const DifferenceSchema = Type.Object(
  {
    field: Type.String(),
    registered: Type.Union([Type.String(), Type.Null()]),
    directory: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

const ComparisonSchema = Type.Object(
  {
    directoryId: Type.String({ format: 'uuid' }),
    directoryName: Type.String(),
    externalId: Type.String(),
    dn: Type.String(),
    values: EntryValues,
    differences: Type.Array(DifferenceSchema, {
      description: 'Registration fields whose value differs from the entry now (empty: in step)',
    }),
  },
  { additionalProperties: false },
);

const directoryView = (directory: Directory) => ({
  ...directory,
  attributeMap: directory.attributeMap as Record<string, string>,
  createdAt: directory.createdAt.toISOString(),
  updatedAt: directory.updatedAt.toISOString(),
});

const entryView = (entry: DirectoryEntry) => ({ ...entry, values: entry.values as Record<string, string> });

/** Company directories (LDAP / Active Directory, issue #16): administrators configure, operators search and re-sync. */
export const directoryRoutes: FastifyPluginAsyncTypebox<DirectoryRoutesOptions> = async (
  app,
  { directory },
) => {
  const admin = requireRole('admin');
  const operator = requireRole('operator');

  app.get(
    '/directories',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'The connected directories, by name',
        response: { 200: Type.Array(DirectorySchema), ...problems(401, 403) },
      },
    },
    async () => (await listDirectories(directory)).map(directoryView),
  );

  app.post(
    '/directories',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: 'Connect a directory; the bind password is sealed and never shown again',
        body: CreateBody,
        response: { 201: DirectorySchema, ...problems(400, 401, 403, 422) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(directoryView(await createDirectory(directory, request.body, changeContext(request)))),
  );

  app.get(
    '/directories/:id',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: "A directory's settings",
        params: IdParams,
        response: { 200: DirectorySchema, ...problems(401, 403, 404) },
      },
    },
    async (request) => directoryView(await getDirectory(directory, request.params.id)),
  );

  app.patch(
    '/directories/:id',
    {
      preHandler: admin,
      schema: {
        tags,
        summary: "Change a directory's settings",
        params: IdParams,
        body: PatchBody,
        response: { 200: DirectorySchema, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (request) =>
      directoryView(
        await updateDirectory(directory, request.params.id, request.body, changeContext(request)),
      ),
  );

  app.delete(
    '/directories/:id',
    {
      preHandler: admin,
      schema: {
        tags,
        summary:
          'Disconnect a directory (users keep their links, but nothing is looked up or signed in through it)',
        params: IdParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await deleteDirectory(directory, request.params.id, changeContext(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/directories/:id/test',
    {
      preHandler: admin,
      schema: {
        tags,
        summary:
          'Test connection: bind as the service account and show the first entries the user filter finds',
        params: IdParams,
        response: {
          200: Type.Object(
            { entries: Type.Array(EntrySchema), elapsedMs: Type.Integer() },
            { additionalProperties: false },
          ),
          ...problems(401, 403, 404, 422, 502, 503),
        },
      },
    },
    async (request) => {
      const result = await testDirectory(directory, request.params.id);
      return { entries: result.entries.map(entryView), elapsedMs: result.elapsedMs };
    },
  );

  app.get(
    '/directory/search',
    {
      preHandler: operator,
      schema: {
        tags,
        summary:
          "Search every connected directory for an applicant: each word must occur in the login, e-mail, employee id or name (the registration form's search)",
        querystring: Type.Object(
          {
            q: Type.String({ minLength: 2, maxLength: 200 }),
            // Query strings are text (the API does not coerce types): numbers are checked by pattern.
            limit: Type.Optional(
              Type.String({
                pattern: '^([1-9]|[1-4]\\d|50)$',
                description: `1..${MAX_SEARCH_RESULTS}, default 20`,
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(FoundEntrySchema), ...problems(400, 401, 403, 422, 502, 503) },
      },
    },
    async (request) => {
      const limit = Number(request.query.limit ?? 20);
      const found = [];
      for (const source of await listDirectories(directory)) {
        const entries = await searchDirectory(directory, source.id, request.query.q, limit);
        found.push(
          ...entries.map((entry) => ({
            directoryId: source.id,
            directoryName: source.name,
            ...entryView(entry),
          })),
        );
      }
      return found.slice(0, limit);
    },
  );

  app.get(
    '/users/:id/directory',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: "The user's directory entry now and the registration fields that differ from it",
        params: IdParams,
        response: { 200: ComparisonSchema, ...problems(401, 403, 404, 422, 502, 503) },
      },
    },
    async (request) => {
      const comparison = await compareWithDirectory(directory, request.params.id);
      return { ...comparison, values: comparison.values };
    },
  );

  app.post(
    '/users/:id/directory/sync',
    {
      preHandler: operator,
      schema: {
        tags,
        summary:
          "Re-sync: take the directory's values of the fields that differ (or of those named) into the registration data",
        params: IdParams,
        body: Type.Object(
          {
            version: Type.Integer({
              description: 'The version read with the user (409 CONCURRENT_EDIT if stale)',
            }),
            fields: Type.Optional(
              Type.Array(Type.Union(PROFILE_FIELD_NAMES.map((name) => Type.Literal(name))), { maxItems: 40 }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ user: UserSchema, applied: Type.Array(DifferenceSchema) }),
          422: ProfileProblemSchema,
          ...problems(400, 401, 403, 404, 409, 502, 503),
        },
      },
    },
    async (request) =>
      syncFromDirectory(
        directory,
        request.params.id,
        {
          version: request.body.version,
          ...(request.body.fields ? { fields: request.body.fields } : {}),
        },
        changeContext(request),
      ),
  );
};
