import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { requireRole } from '../auth-plugin.js';
import type { AuthorityContext } from '../../ca/authorities.js';
import {
  bulkJobItems,
  controlBulkJob,
  getBulkJob,
  isErasedInput,
  ITEM_OUTCOMES,
  listBulkJobs,
  type BulkJob,
} from '../../bulk/jobs.js';
import { campaignReportCsv } from '../../campaigns/campaign.js';
import { MAX_HR_FILE_BYTES } from '../../hr/hr-file.js';
import { hrImportReportCsv, startHrImport, suspendLeavers } from '../../hr/import.js';
import { HR_KEY_FIELDS } from '../../hr/mapping.js';
import { getHrSource, listHrSources, saveHrSource, type HrSource } from '../../hr/sources.js';
import { PROFILE_FIELD_NAMES } from '../../people/profile.js';
import { attachment } from './documents.js';
import { changeContext } from './users.js';
import { problems } from './users-schemas.js';

export interface HrRoutesOptions {
  ca: AuthorityContext;
  /** Told when a job is queued, so this node's runner starts it without waiting for its next poll. */
  onJobQueued?: () => void;
}

const KindSchema = Type.Union([
  Type.Literal('employee'),
  Type.Literal('person'),
  Type.Literal('entrepreneur'),
  Type.Literal('legalEntity'),
]);
const EncodingSchema = Type.Union([
  Type.Literal('auto'),
  Type.Literal('utf-8'),
  Type.Literal('windows-1251'),
]);
const FormatSchema = Type.Union([Type.Literal('auto'), Type.Literal('csv'), Type.Literal('json')]);
const JobKindSchema = Type.Union([Type.Literal('hr.import'), Type.Literal('certificate.campaign')]);
const OutcomeSchema = Type.Union([
  Type.Literal('created'),
  Type.Literal('updated'),
  Type.Literal('unchanged'),
  Type.Literal('skipped'),
  Type.Literal('left'),
  Type.Literal('issued'),
  Type.Literal('failed'),
]);
const StatusSchema = Type.Union([
  Type.Literal('queued'),
  Type.Literal('running'),
  Type.Literal('paused'),
  Type.Literal('cancelled'),
  Type.Literal('completed'),
  Type.Literal('failed'),
]);
const dateTime = Type.String({ format: 'date-time' });

const fieldNames = [...HR_KEY_FIELDS, ...PROFILE_FIELD_NAMES];
const MappingSchema = Type.Object(
  {
    kind: KindSchema,
    columns: Type.Record(Type.String({ enum: fieldNames }), Type.String({ minLength: 1, maxLength: 200 }), {
      description:
        'For each field, the column of the export that holds it; externalId (the personnel number) is required, login optional (default: the e-mail, else hr-<personnel number>)',
    }),
    defaults: Type.Record(Type.String({ enum: PROFILE_FIELD_NAMES }), Type.String({ maxLength: 500 }), {
      description:
        "Values for fields the export lacks: the employer's name, INN (innle), OGRN, city, country",
    }),
  },
  { additionalProperties: false },
);

const SourceSchema = Type.Object({
  id: Type.String(),
  description: Type.String(),
  mapping: MappingSchema,
  encoding: EncodingSchema,
  markLeavers: Type.Boolean(),
  createdAt: dateTime,
  createdBy: Type.String(),
  updatedAt: dateTime,
});

const CountsSchema = Type.Object(Object.fromEntries(ITEM_OUTCOMES.map((o) => [o, Type.Integer()])));

export const JobSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: JobKindSchema,
  status: StatusSchema,
  params: Type.Record(Type.String(), Type.Unknown()),
  total: Type.Integer({ description: 'Items to process (rows of the file)' }),
  processed: Type.Integer({ description: 'Items done so far: the progress is processed / total' }),
  counts: CountsSchema,
  error: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.String(),
  createdAt: dateTime,
  updatedAt: dateTime,
  finishedAt: Type.Union([dateTime, Type.Null()]),
  inputErasedAt: Type.Union([dateTime, Type.Null()], {
    description:
      'When the rows (personal data) were erased after PODPIS_BULK_ITEM_RETENTION_DAYS; outcomes, reasons and accounts stay',
  }),
});

const ItemSchema = Type.Object({
  position: Type.Integer(),
  externalId: Type.String({
    description:
      "An HR import's personnel number; a campaign's user login; empty once the row was erased (inputErased)",
  }),
  inputErased: Type.Boolean(),
  outcome: Type.Union([OutcomeSchema, Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  accountId: Type.Union([Type.String(), Type.Null()]),
  certificateSerial: Type.Union([Type.String(), Type.Null()], {
    description: 'The certificate a campaign issued for the item',
  }),
});

const SourceParams = Type.Object({ id: Type.String({ maxLength: 32 }) });
const JobParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

function sourceView(source: HrSource): Static<typeof SourceSchema> {
  return source;
}

export function jobView(job: BulkJob): Static<typeof JobSchema> {
  return job;
}

/** What names an item in the report: an HR row's personnel number, a campaign user's login. */
function itemLabel(input: Record<string, unknown>): string {
  const label = input.externalId ?? input.login;
  return typeof label === 'string' ? label : '';
}

/**
 * HR exports (issue #16): sources with their saved column mapping, uploads
 * queued as bulk jobs, their progress, pause/resume/cancel, the per-row
 * report, and the confirmation that suspends leavers' certificates.
 */
export const hrRoutes: FastifyPluginAsyncTypebox<HrRoutesOptions> = async (app, { ca, onJobQueued }) => {
  const operator = requireRole('operator');
  const tags = ['hr'];
  const db = ca.db;

  // An export arrives as its bytes: the encoding is ours to detect, so no parser may decode it first.
  for (const type of ['application/octet-stream', 'text/csv']) {
    app.addContentTypeParser(
      type,
      { parseAs: 'buffer', bodyLimit: MAX_HR_FILE_BYTES },
      (_request, body, done) => {
        done(null, body);
      },
    );
  }

  app.get(
    '/hr/sources',
    {
      // Administrators read them too: they set up each source's scheduled pull.
      preHandler: requireRole(['operator', 'admin']),
      schema: {
        tags,
        summary: 'HR sources and their column mappings (operators and administrators)',
        response: { 200: Type.Array(SourceSchema) },
      },
    },
    async () => (await listHrSources(db)).map(sourceView),
  );

  app.get(
    '/hr/sources/:id',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: 'One HR source',
        params: SourceParams,
        response: { 200: SourceSchema, ...problems(404) },
      },
    },
    async (request) => sourceView(await getHrSource(db, request.params.id)),
  );

  app.put(
    '/hr/sources/:id',
    {
      preHandler: operator,
      schema: {
        tags,
        summary:
          'Create or change an HR source: its column mapping, encoding, and whether leavers are marked',
        params: SourceParams,
        body: Type.Object(
          {
            description: Type.Optional(Type.String({ maxLength: 500 })),
            mapping: MappingSchema,
            encoding: Type.Optional(EncodingSchema),
            markLeavers: Type.Optional(
              Type.Boolean({
                description: 'An employee missing from a full export is marked as having left',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: SourceSchema, ...problems(400, 422) },
      },
    },
    async (request) =>
      sourceView(await saveHrSource(db, { id: request.params.id, ...request.body }, changeContext(request))),
  );

  app.post(
    '/hr/sources/:id/imports',
    {
      preHandler: operator,
      schema: {
        tags,
        summary:
          'Upload an HR export (CSV with ; , or tab, UTF-8 or Windows-1251; or JSON) as application/octet-stream or text/csv: it is checked whole and queued as a bulk job',
        params: SourceParams,
        querystring: Type.Object(
          {
            full: Type.Optional(
              Type.Union([Type.Literal('true'), Type.Literal('false')], {
                description: 'The export lists every employee (leavers are those missing)',
              }),
            ),
            format: Type.Optional(FormatSchema),
            encoding: Type.Optional(EncodingSchema),
            delimiter: Type.Optional(Type.String({ minLength: 1, maxLength: 1 })),
            name: Type.Optional(
              Type.String({ maxLength: 255, description: 'The file name, for the report' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 202: JobSchema, ...problems(400, 404, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const { full, format, encoding, delimiter, name } = request.query;
      const job = await startHrImport(
        db,
        {
          sourceId: request.params.id,
          file: request.body as Buffer,
          ...(full !== undefined ? { full: full === 'true' } : {}),
          ...(format !== undefined ? { format } : {}),
          ...(encoding !== undefined ? { encoding } : {}),
          ...(delimiter !== undefined ? { delimiter } : {}),
          ...(name !== undefined ? { fileName: name } : {}),
        },
        changeContext(request),
      );
      onJobQueued?.();
      return reply.code(202).send(jobView(job));
    },
  );

  app.get(
    '/bulk-jobs',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: 'Recent bulk jobs, newest first: of one kind, or of every kind',
        querystring: Type.Object(
          {
            kind: Type.Optional(JobKindSchema),
            // Query strings are text (the API does not coerce types): numbers are checked by pattern.
            limit: Type.Optional(
              Type.String({ pattern: '^([1-9]\\d?|100)$', description: '1..100, default 20' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(JobSchema) },
      },
    },
    async (request) =>
      (await listBulkJobs(db, request.query.kind, Number(request.query.limit ?? 20))).map(jobView),
  );

  app.get(
    '/bulk-jobs/:id',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: "A bulk job's status and progress (poll it for a progress bar)",
        params: JobParams,
        response: { 200: JobSchema, ...problems(404) },
      },
    },
    async (request) => jobView(await getBulkJob(db, request.params.id)),
  );

  for (const control of ['pause', 'resume', 'cancel'] as const) {
    app.post(
      `/bulk-jobs/:id/${control}`,
      {
        preHandler: operator,
        schema: {
          tags,
          summary: `${control[0]!.toUpperCase()}${control.slice(1)} a bulk job (409 BULK_JOB_STATE when it cannot)`,
          params: JobParams,
          response: { 200: JobSchema, ...problems(404, 409) },
        },
      },
      async (request) => {
        const job = await controlBulkJob(db, request.params.id, control, changeContext(request));
        if (control === 'resume') onJobQueued?.();
        return jobView(job);
      },
    );
  }

  app.get(
    '/bulk-jobs/:id/items',
    {
      preHandler: operator,
      schema: {
        tags,
        summary: "The per-row report of a job as JSON, optionally one outcome's rows",
        params: JobParams,
        querystring: Type.Object(
          {
            outcome: Type.Optional(OutcomeSchema),
            offset: Type.Optional(Type.String({ pattern: '^\\d{1,9}$', description: 'default 0' })),
            limit: Type.Optional(
              Type.String({ pattern: '^([1-9]\\d{0,2}|1000)$', description: '1..1000, default 100' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(ItemSchema), total: Type.Integer() }),
          ...problems(404),
        },
      },
    },
    async (request) => {
      const { outcome } = request.query;
      const offset = Number(request.query.offset ?? 0);
      const limit = Number(request.query.limit ?? 100);
      const all = (await bulkJobItems(db, request.params.id)).filter(
        (i) => outcome === undefined || i.outcome === outcome,
      );
      return {
        total: all.length,
        items: all.slice(offset, offset + limit).map((i) => ({
          position: i.position,
          externalId: itemLabel(i.input),
          inputErased: isErasedInput(i.input),
          outcome: i.outcome,
          reason: i.reason,
          accountId: i.accountId,
          certificateSerial: i.certificateSerial,
        })),
      };
    },
  );

  app.get(
    '/bulk-jobs/:id/report.csv',
    {
      preHandler: operator,
      schema: {
        tags,
        summary:
          "The per-row report as CSV (UTF-8 with BOM, ;-separated). An HR import's: row, externalId, outcome, reason, accountId; a certificate campaign's: row, login, accountId, outcome, certificateSerial, reason",
        params: JobParams,
        response: { 200: Type.String(), ...problems(404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const campaign = (await getBulkJob(db, id)).kind === 'certificate.campaign';
      const csv = campaign ? await campaignReportCsv(db, id) : await hrImportReportCsv(db, id);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', attachment(`${campaign ? 'campaign' : 'import'}-${id}.csv`))
        .send(csv);
    },
  );

  app.post(
    '/bulk-jobs/:id/suspend-leavers',
    {
      preHandler: operator,
      schema: {
        tags,
        summary:
          "Confirm the leavers of a completed full HR import: each one's valid certificates are suspended (certificateHold)",
        params: JobParams,
        response: {
          200: Type.Object({ accounts: Type.Integer(), suspended: Type.Array(Type.String()) }),
          ...problems(404, 409),
        },
      },
    },
    async (request) => suspendLeavers(ca, request.params.id, changeContext(request)),
  );
};
