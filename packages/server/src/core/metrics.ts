import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics (served at `/metrics`, see
 * http/metrics.ts). One registry per process: every layer counts what it
 * does here, and nothing here knows about HTTP. Labels are few and bounded
 * (route patterns, not URLs; no user or serial numbers).
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'podpis_' });

export const httpMetrics = {
  requests: new Counter({
    name: 'podpis_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [metricsRegistry],
  }),
  duration: new Histogram({
    name: 'podpis_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metricsRegistry],
  }),
};

export const caMetrics = {
  certificatesIssued: new Counter({
    name: 'podpis_certificates_issued_total',
    help: 'Certificates issued, by issuing CA',
    labelNames: ['ca'] as const,
    registers: [metricsRegistry],
  }),
  ocspResponses: new Counter({
    name: 'podpis_ocsp_responses_total',
    help: 'OCSP responses, by whether a cached signed response was served (hit) or one was signed (miss)',
    labelNames: ['cache'] as const,
    registers: [metricsRegistry],
  }),
};

export const signingMetrics = {
  signatures: new Counter({
    name: 'podpis_signatures_total',
    help: 'Digests signed with users’ keys (one per document signed)',
    registers: [metricsRegistry],
  }),
};

export const keyStoreMetrics = {
  operations: new Counter({
    name: 'podpis_keystore_operations_total',
    help: 'Key-store operations, by operation and outcome',
    labelNames: ['operation', 'outcome'] as const,
    registers: [metricsRegistry],
  }),
};

export const jobMetrics = {
  runs: new Counter({
    name: 'podpis_job_runs_total',
    help: 'Periodic job runs on this node, by job and outcome (done or failed)',
    labelNames: ['job', 'outcome'] as const,
    registers: [metricsRegistry],
  }),
  duration: new Histogram({
    name: 'podpis_job_run_duration_seconds',
    help: 'Duration of periodic job runs on this node',
    labelNames: ['job'] as const,
    buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
    registers: [metricsRegistry],
  }),
  leaseChanges: new Counter({
    name: 'podpis_job_lease_changes_total',
    help: 'Job leases this node acquired or lost',
    labelNames: ['job', 'change'] as const,
    registers: [metricsRegistry],
  }),
};

export const auditMetrics = {
  laneWaits: new Counter({
    name: 'podpis_audit_lane_waits_total',
    help: 'Audit appends that found every lane taken and waited for one (more lanes are needed)',
    registers: [metricsRegistry],
  }),
};

/** What a connection pool tells about itself (node-postgres's Pool has exactly these). */
export interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

const pools = new Set<PoolCounts>();

/** Counts `pool` in the DB pool gauges until the returned function is called (at close). */
export function watchPool(pool: PoolCounts): () => void {
  pools.add(pool);
  return () => pools.delete(pool);
}

function poolGauge(name: string, help: string, count: (pool: PoolCounts) => number): Gauge {
  return new Gauge({
    name,
    help,
    registers: [metricsRegistry],
    collect() {
      let sum = 0;
      for (const pool of pools) sum += count(pool);
      this.set(sum);
    },
  });
}

poolGauge('podpis_db_pool_connections', 'PostgreSQL connections open in the pool', (p) => p.totalCount);
poolGauge('podpis_db_pool_idle', 'PostgreSQL connections idle in the pool', (p) => p.idleCount);
poolGauge('podpis_db_pool_waiting', 'Queries waiting for a PostgreSQL connection', (p) => p.waitingCount);
