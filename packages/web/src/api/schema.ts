// Generated from the server's OpenAPI document by `npm run generate:api -w @podpis/web`.
// Do not edit: a test fails when it no longer matches the server.
/* eslint-disable */
export type paths = {
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit records, newest first, filtered by actor, action (prefix), target and time */
        get: {
            parameters: {
                query?: {
                    /** @description e.g. certificate. for every certificate action */
                    action?: string;
                    actor?: string;
                    from?: string;
                    /** @description 1..500, default 50 */
                    limit?: string;
                    /** @description default 0 */
                    offset?: string;
                    target?: string;
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                action: string;
                                /** @description operator:<id>, admin:<id>, user:<id>, system or cli:<user> */
                                actor: string;
                                /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                                actorName: string | null;
                                /** Format: date-time */
                                at: string;
                                details: {
                                    [key: string]: unknown;
                                };
                                /** @description Streebog-256 of the record, hex */
                                hash: string;
                                requestId: string | null;
                                seq: number;
                                target: string | null;
                                /** @description For a target account:<id>: that account, readable (display name or login, role) */
                                targetAccount: {
                                    id: string;
                                    name: string;
                                    role: string;
                                } | null;
                            }[];
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check the hash chain and signed checkpoints; names the first altered, inserted or deleted record */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checked: number;
                            firstBadSeq?: number;
                            message: string;
                            ok: boolean;
                            problem?: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bulk-jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recent bulk jobs, newest first: of one kind, or of every kind */
        get: {
            parameters: {
                query?: {
                    kind?: "hr.import" | "certificate.campaign";
                    /** @description 1..100, default 20 */
                    limit?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            counts: {
                                created: number;
                                failed: number;
                                issued: number;
                                left: number;
                                skipped: number;
                                unchanged: number;
                                updated: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            error: string | null;
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description When the rows (personal data) were erased after PODPIS_BULK_ITEM_RETENTION_DAYS; outcomes, reasons and accounts stay */
                            inputErasedAt: string | null;
                            kind: "hr.import" | "certificate.campaign";
                            params: {
                                [key: string]: unknown;
                            };
                            /** @description Items done so far: the progress is processed / total */
                            processed: number;
                            status: "queued" | "running" | "paused" | "cancelled" | "completed" | "failed";
                            /** @description Items to process (rows of the file) */
                            total: number;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bulk-jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A bulk job's status and progress (poll it for a progress bar) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            counts: {
                                created: number;
                                failed: number;
                                issued: number;
                                left: number;
                                skipped: number;
                                unchanged: number;
                                updated: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            error: string | null;
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description When the rows (personal data) were erased after PODPIS_BULK_ITEM_RETENTION_DAYS; outcomes, reasons and accounts stay */
                            inputErasedAt: string | null;
                            kind: "hr.import" | "certificate.campaign";
                            params: {
                                [key: string]: unknown;
                            };
                            /** @description Items done so far: the progress is processed / total */
                            processed: number;
                            status: "queued" | "running" | "paused" | "cancelled" | "completed" | "failed";
                            /** @description Items to process (rows of the file) */
                            total: number;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bulk-jobs/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel a bulk job (409 BULK_JOB_STATE when it cannot) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            counts: {
                                created: number;
                                failed: number;
                                issued: number;
                                left: number;
                                skipped: number;
                                unchanged: number;
                                updated: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            error: string | null;
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description When the rows (personal data) were erased after PODPIS_BULK_ITEM_RETENTION_DAYS; outcomes, reasons and accounts stay */
                            inputErasedAt: string | null;
                            kind: "hr.import" | "certificate.campaign";
                            params: {
                                [key: string]: unknown;
                            };
                            /** @description Items done so far: the progress is processed / total */
                            processed: number;
                            status: "queued" | "running" | "paused" | "cancelled" | "completed" | "failed";
                            /** @description Items to process (rows of the file) */
                            total: number;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bulk-jobs/{id}/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The per-row report of a job as JSON, optionally one outcome's rows */
        get: {
            parameters: {
                query?: {
                    /** @description 1..1000, default 100 */
                    limit?: string;
                    /** @description default 0 */
                    offset?: string;
                    outcome?: "created" | "updated" | "unchanged" | "skipped" | "left" | "issued" | "failed";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                accountId: string | null;
                                /** @description The certificate a campaign issued for the item */
                                certificateSerial: string | null;
                                /** @description An HR import's personnel number; a campaign's user login; empty once the row was erased (inputErased) */
                                externalId: string;
                                inputErased: boolean;
                                outcome: ("created" | "updated" | "unchanged" | "skipped" | "left" | "issued" | "failed") | null;
                                position: number;
                                reason: string | null;
                            }[];
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bulk-jobs/{id}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pause a bulk job (409 BULK_JOB_STATE when it cannot) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            counts: {
                                created: number;
                                failed: number;
                                issued: number;
                                left: number;
                                skipped: number;
                                unchanged: number;
                                updated: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            error: string | null;
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description When the rows (personal data) were erased after PODPIS_BULK_ITEM_RETENTION_DAYS; outcomes, reasons and accounts stay */
                            inputErasedAt: string | null;
                            kind: "hr.import" | "certificate.campaign";
                            params: {
                                [key: string]: unknown;
                            };
                            /** @description Items done so far: the progress is processed / total */
                            processed: number;
                            status: "queued" | "running" | "paused" | "cancelled" | "completed" | "failed";
                            /** @description Items to process (rows of the file) */
                            total: number;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bulk-jobs/{id}/report.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The per-row report as CSV (UTF-8 with BOM, ;-separated). An HR import's: row, externalId, outcome, reason, accountId; a certificate campaign's: row, login, accountId, outcome, certificateSerial, reason */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bulk-jobs/{id}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a bulk job (409 BULK_JOB_STATE when it cannot) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            counts: {
                                created: number;
                                failed: number;
                                issued: number;
                                left: number;
                                skipped: number;
                                unchanged: number;
                                updated: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            error: string | null;
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description When the rows (personal data) were erased after PODPIS_BULK_ITEM_RETENTION_DAYS; outcomes, reasons and accounts stay */
                            inputErasedAt: string | null;
                            kind: "hr.import" | "certificate.campaign";
                            params: {
                                [key: string]: unknown;
                            };
                            /** @description Items done so far: the progress is processed / total */
                            processed: number;
                            status: "queued" | "running" | "paused" | "cancelled" | "completed" | "failed";
                            /** @description Items to process (rows of the file) */
                            total: number;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bulk-jobs/{id}/suspend-leavers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm the leavers of a completed full HR import: each one's valid certificates are suspended (certificateHold) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accounts: number;
                            suspended: string[];
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bulk-jobs/{id}/temporary-passwords": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether a job's temporary passwords wait for delivery or were delivered */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            delivery: {
                                delivered: number;
                                /** Format: date-time */
                                deliveredAt: string;
                                deliveredBy: string;
                                format: "letters" | "protected-file";
                                leftOut: number;
                            } | null;
                            /** Format: uuid */
                            jobId: string;
                            /** @description Temporary passwords waiting for delivery (0 once delivered) */
                            pending: number;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/bulk-jobs/{id}/temporary-passwords/delivery": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deliver a finished job's temporary passwords, once: printed letters (PDF, one A4 page per employee) or a list in a PDF encrypted with AES-256 under a file password. The passwords are not kept afterwards: a second delivery is 410 TEMPORARY_PASSWORDS_DELIVERED */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description protected-file: the password to open it (12 characters with three kinds of letters, digits and signs, or 20); without it one is generated and returned this once */
                        filePassword?: string;
                        format: "letters" | "protected-file";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The PDF, base64 */
                            content: string;
                            /** @enum {string} */
                            contentType: "application/pdf";
                            /** @description Passwords in the file */
                            delivered: number;
                            fileName: string;
                            format: "letters" | "protected-file";
                            /** @description The generated file password: shown this once, never kept */
                            generatedFilePassword?: string;
                            leftOut: {
                                login: string;
                                /** @description changed: the user already signed in and chose a password */
                                reason: "changed" | "expired";
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ca": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Certification authorities: certificates issued by status, the latest CRL, OCSP and TSA URLs */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            authorities: {
                                certificates: {
                                    expired: number;
                                    revoked: number;
                                    suspended: number;
                                    valid: number;
                                };
                                certificateUrl: string;
                                crl: {
                                    /** @description Revoked and suspended certificates it lists, read from the published CRL */
                                    entries: number;
                                    /** Format: date-time */
                                    nextUpdate: string;
                                    /** @description cRLNumber, decimal */
                                    number: string;
                                    /** @description A revocation, suspension or resumption waits for a newer CRL (its publication failed so far and is retried) */
                                    publicationPending: boolean;
                                    /** Format: date-time */
                                    thisUpdate: string;
                                } | null;
                                crlUrl: string;
                                hierarchy: "gost" | "infrastructure";
                                id: string;
                                /** Format: date-time */
                                notAfter: string;
                                /** Format: date-time */
                                notBefore: string;
                                parentId: string | null;
                                role: "root" | "issuing";
                                subject: string;
                            }[];
                            ocspUrl: string;
                            tsaUrl: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/certificate-campaigns": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start a certificate campaign: a key and a certificate for each selected user, as a bulk job (follow it at GET /api/v1/bulk-jobs/{id}; the report at /api/v1/bulk-jobs/{id}/report.csv) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The users, by id (the users list's selection) */
                        accountIds?: string[];
                        /** @description The certificate profile (GET /api/v1/profiles): it chooses the CA, the key algorithms and the checks of the holder's data; default the qualified profile for the holder's kind (qualified-person for a natural person) */
                        certificateProfile: string;
                        /** @description pin (default): every key gets the campaign's temporary PIN (typed twice), which each holder changes; device: no PIN, every use approved on the holder's device; none: a legal entity's key for automatic signing (any other holder fails with KEY_CONFIRMATION_NOT_ALLOWED) */
                        confirmation?: "pin" | "device" | "none";
                        /** @description Instead of accountIds: every user the users list shows for this search, resolved now */
                        filter?: {
                            search?: string;
                            status?: "active" | "locked" | "disabled";
                        };
                        /** @description Key algorithm: gost256 (GOST R 34.10-2012 256, paramSet A; default), gost512, ecdsa-p256, rsa2048 */
                        keySpec?: "gost256" | "gost512" | "ecdsa-p256" | "rsa2048";
                        /** @description 'software' (default) or 'pkcs11' */
                        keyStore?: string;
                        /** @description Key PIN; 6 to 128 characters (400 KEY_PIN_INVALID otherwise) */
                        pin?: string;
                        /** @description Key PIN; 6 to 128 characters (400 KEY_PIN_INVALID otherwise) */
                        pinConfirmation?: string;
                        /** @description Users who already hold a valid certificate of the profile are skipped */
                        skipExisting?: boolean;
                        /** @description Default 365 */
                        validityDays?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            counts: {
                                created: number;
                                failed: number;
                                issued: number;
                                left: number;
                                skipped: number;
                                unchanged: number;
                                updated: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            error: string | null;
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description When the rows (personal data) were erased after PODPIS_BULK_ITEM_RETENTION_DAYS; outcomes, reasons and accounts stay */
                            inputErasedAt: string | null;
                            kind: "hr.import" | "certificate.campaign";
                            params: {
                                [key: string]: unknown;
                            };
                            /** @description Items done so far: the progress is processed / total */
                            processed: number;
                            status: "queued" | "running" | "paused" | "cancelled" | "completed" | "failed";
                            /** @description Items to process (rows of the file) */
                            total: number;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/certificate-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Employees' certificate requests, newest first (at most 500), by status */
        get: {
            parameters: {
                query?: {
                    status?: "pending" | "approved" | "rejected";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            accountId: string;
                            /** @description Approved by the HR-match rule, not by an operator */
                            autoApproved: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            decidedBy: string | null;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            decidedByName: string | null;
                            decisionComment: string | null;
                            /** Format: uuid */
                            id: string;
                            identityCheck: {
                                /** Format: date-time */
                                checkedAt: string;
                                checkedBy: string;
                                /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                                checkedByName: string | null;
                                /** @description The last four digits of the document's number: Podpis never takes the whole number */
                                documentNumberLast4: string;
                                /** @description The identity document the operator checked: passport, internationalPassport, foreignPassport, residencePermit, militaryId */
                                documentType: "passport" | "internationalPassport" | "foreignPassport" | "residencePermit" | "militaryId";
                            } | null;
                            /** @description server: a key made in the key store under the employee's PIN; pkcs10: the employee's own key */
                            keySource: "server" | "pkcs10";
                            login: string;
                            /** @description The certificate profile asked for */
                            profile: string;
                            serial: string | null;
                            status: "pending" | "approved" | "rejected";
                            /** @description The subject the registration data gave when the request was made */
                            subject: string;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/certificate-requests/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One certificate request */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            accountId: string;
                            /** @description Approved by the HR-match rule, not by an operator */
                            autoApproved: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            decidedBy: string | null;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            decidedByName: string | null;
                            decisionComment: string | null;
                            /** Format: uuid */
                            id: string;
                            identityCheck: {
                                /** Format: date-time */
                                checkedAt: string;
                                checkedBy: string;
                                /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                                checkedByName: string | null;
                                /** @description The last four digits of the document's number: Podpis never takes the whole number */
                                documentNumberLast4: string;
                                /** @description The identity document the operator checked: passport, internationalPassport, foreignPassport, residencePermit, militaryId */
                                documentType: "passport" | "internationalPassport" | "foreignPassport" | "residencePermit" | "militaryId";
                            } | null;
                            /** @description server: a key made in the key store under the employee's PIN; pkcs10: the employee's own key */
                            keySource: "server" | "pkcs10";
                            login: string;
                            /** @description The certificate profile asked for */
                            profile: string;
                            serial: string | null;
                            status: "pending" | "approved" | "rejected";
                            /** @description The subject the registration data gave when the request was made */
                            subject: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/certificate-requests/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record the identity check and approve: the certificate is issued for the registration data; of two decisions at once one wins, the other 409 CERTIFICATE_REQUEST_ALREADY_DECIDED */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        identityCheck: {
                            /** @description The last four digits of the document's number: Podpis never takes the whole number */
                            documentNumberLast4: string;
                            /** @description The identity document the operator checked: passport, internationalPassport, foreignPassport, residencePermit, militaryId */
                            documentType: "passport" | "internationalPassport" | "foreignPassport" | "residencePermit" | "militaryId";
                        };
                        /** @description Default 365 */
                        validityDays?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            certificate: {
                                accountId: string | null;
                                caId: string;
                                /** Format: date-time */
                                notAfter: string;
                                /** Format: date-time */
                                notBefore: string;
                                revocationReason: string | null;
                                revokedAt: string | null;
                                serial: string;
                                /** @description The status badge; expired is derived from the validity */
                                status: "valid" | "suspended" | "revoked" | "expired";
                                subject: string;
                            };
                            request: {
                                /** Format: uuid */
                                accountId: string;
                                /** @description Approved by the HR-match rule, not by an operator */
                                autoApproved: boolean;
                                /** Format: date-time */
                                createdAt: string;
                                decidedAt: string | null;
                                decidedBy: string | null;
                                /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                                decidedByName: string | null;
                                decisionComment: string | null;
                                /** Format: uuid */
                                id: string;
                                identityCheck: {
                                    /** Format: date-time */
                                    checkedAt: string;
                                    checkedBy: string;
                                    /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                                    checkedByName: string | null;
                                    /** @description The last four digits of the document's number: Podpis never takes the whole number */
                                    documentNumberLast4: string;
                                    /** @description The identity document the operator checked: passport, internationalPassport, foreignPassport, residencePermit, militaryId */
                                    documentType: "passport" | "internationalPassport" | "foreignPassport" | "residencePermit" | "militaryId";
                                } | null;
                                /** @description server: a key made in the key store under the employee's PIN; pkcs10: the employee's own key */
                                keySource: "server" | "pkcs10";
                                login: string;
                                /** @description The certificate profile asked for */
                                profile: string;
                                serial: string | null;
                                status: "pending" | "approved" | "rejected";
                                /** @description The subject the registration data gave when the request was made */
                                subject: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/certificate-requests/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject with a reason the employee sees; a key made for the request is destroyed */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            accountId: string;
                            /** @description Approved by the HR-match rule, not by an operator */
                            autoApproved: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            decidedBy: string | null;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            decidedByName: string | null;
                            decisionComment: string | null;
                            /** Format: uuid */
                            id: string;
                            identityCheck: {
                                /** Format: date-time */
                                checkedAt: string;
                                checkedBy: string;
                                /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                                checkedByName: string | null;
                                /** @description The last four digits of the document's number: Podpis never takes the whole number */
                                documentNumberLast4: string;
                                /** @description The identity document the operator checked: passport, internationalPassport, foreignPassport, residencePermit, militaryId */
                                documentType: "passport" | "internationalPassport" | "foreignPassport" | "residencePermit" | "militaryId";
                            } | null;
                            /** @description server: a key made in the key store under the employee's PIN; pkcs10: the employee's own key */
                            keySource: "server" | "pkcs10";
                            login: string;
                            /** @description The certificate profile asked for */
                            profile: string;
                            serial: string | null;
                            status: "pending" | "approved" | "rejected";
                            /** @description The subject the registration data gave when the request was made */
                            subject: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/certificates/{serial}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every field of a certificate, readable (subject, issuer, validity, usages, policies, thumbprints), and whether the service holds its key and wrong PINs have locked it */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Serial number in hex */
                    serial: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accountId: string | null;
                            caId: string;
                            details: {
                                caIssuersUrls: string[];
                                certificatePolicies: {
                                    name: string;
                                    oid: string;
                                }[];
                                crlDistributionPoints: string[];
                                extendedKeyUsage: {
                                    name: string;
                                    oid: string;
                                }[];
                                issuer: {
                                    name: string;
                                    type: string;
                                    value: string;
                                }[];
                                issuerText: string;
                                keyUsage: string[];
                                /** Format: date-time */
                                notAfter: string;
                                /** Format: date-time */
                                notBefore: string;
                                ocspUrls: string[];
                                publicKeyAlgorithm: {
                                    name: string;
                                    oid: string;
                                };
                                /** @description What the key algorithm alone does not say; empty for GOST keys */
                                publicKeyDetail: {
                                    /** @description An RSA modulus's size */
                                    bits?: number;
                                    /** @description An EC key's named curve (OID) */
                                    curve?: string;
                                };
                                /** @description Identifiers of the Russian qualified profile (ИНН, ИНН ЮЛ, СНИЛС, ОГРН, ОГРНИП) */
                                qualified: {
                                    inn?: string;
                                    innle?: string;
                                    ogrn?: string;
                                    ogrnip?: string;
                                    snils?: string;
                                };
                                serialNumber: string;
                                signatureAlgorithm: {
                                    name: string;
                                    oid: string;
                                };
                                subject: {
                                    name: string;
                                    type: string;
                                    value: string;
                                }[];
                                subjectSignTool: string | null;
                                thumbprints: {
                                    sha1: string;
                                    sha256: string;
                                };
                            };
                            /** @description The certificate's private key in the key store */
                            key: {
                                /** @description A held key's policy: pin, every use confirmed by the holder; none, a legal entity's key for automatic signing, without a PIN; device, every use approved on the holder's enrolled device */
                                confirmation?: "pin" | "none" | "device";
                                /** @description The service holds the private key (false: the holder keeps it) */
                                held: boolean;
                                /** @description Locked after too many wrong PINs, until an operator unlocks it */
                                locked: boolean;
                                /** @description Wrong PINs still allowed before the key locks */
                                remainingAttempts?: number;
                                store: "software" | "pkcs11" | null;
                            };
                            /** Format: date-time */
                            notAfter: string;
                            /** Format: date-time */
                            notBefore: string;
                            revocationReason: string | null;
                            revokedAt: string | null;
                            serial: string;
                            /** @description The status badge; expired is derived from the validity */
                            status: "valid" | "suspended" | "revoked" | "expired";
                            subject: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Remove a revoked or expired certificate from the lists (it stays on the CRL until it expires) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Serial number in hex */
                    serial: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/certificates/{serial}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download the certificate: DER (.cer), PEM, or PKCS#7 (.p7b) with the chain */
        get: {
            parameters: {
                query?: {
                    /** @description der (default, .cer), pem, or p7b: PKCS#7 certs-only with the chain to the root */
                    format?: "der" | "pem" | "p7b";
                };
                header?: never;
                path: {
                    /** @description Serial number in hex */
                    serial: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The certificate file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/certificates/{serial}/print-form": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The printable certificate form (PDF) for the holder to sign */
        get: {
            parameters: {
                query?: {
                    lang?: "ru" | "en";
                };
                header?: never;
                path: {
                    /** @description Serial number in hex */
                    serial: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description PDF */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/certificates/{serial}/renew": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Renew: a new key under a new PIN and a certificate for the holder's current registration data (GET …/renewal-preview lists what changed); revokeOld revokes the old one as superseded in the same operation */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Serial number in hex */
                    serial: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The subject GET …/renewal-preview showed, which the operator confirmed; when the holder's registration data changed since → 409 CONCURRENT_EDIT and nothing is issued */
                        expectedSubject?: string;
                        /** @description The new key's PIN, 6 to 128 characters; required unless the old key signs without confirmation (key.confirmation none), whose renewal is a key without a PIN again (400 KEY_PIN_NOT_APPLICABLE for a PIN) */
                        pin?: string;
                        /** @description Key PIN; 6 to 128 characters (400 KEY_PIN_INVALID otherwise) */
                        pinConfirmation?: string;
                        /** @description Revoke the old certificate as superseded */
                        revokeOld?: boolean;
                        /** @description Default 365 */
                        validityDays?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            certificate: {
                                accountId: string | null;
                                caId: string;
                                /** Format: date-time */
                                notAfter: string;
                                /** Format: date-time */
                                notBefore: string;
                                revocationReason: string | null;
                                revokedAt: string | null;
                                serial: string;
                                /** @description The status badge; expired is derived from the validity */
                                status: "valid" | "suspended" | "revoked" | "expired";
                                subject: string;
                            };
                            /** @description The serial revoked as superseded */
                            revoked: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/certificates/{serial}/renewal-preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What a renewal would certify: the holder's current registration data, and each subject attribute that differs from the certificate's
         * @description A renewal (POST …/renew, or approving a renewal request) issues for the registration data as it is then, not a copy of the old subject; the office shows these changes for the operator to confirm. 422 PROFILE_INVALID when the registration data no longer fits the certificate profile.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Serial number in hex */
                    serial: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            changes: {
                                /** @description null: added */
                                from: string | null;
                                /** @description Its name: commonName, surname, locality, snils … */
                                name: string;
                                /** @description null: dropped */
                                to: string | null;
                                /** @description The attribute OID */
                                type: string;
                            }[];
                            /** @description The new certificate subject, one line */
                            subject: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description PROFILE_INVALID, LOGIN_INVALID or PASSWORD_POLICY */
                            code: string;
                            detail: string;
                            /** @description Every problem of the registration form, by field (PROFILE_INVALID) */
                            errors?: {
                                code: string;
                                field: string;
                                message: string;
                            }[];
                            instance: string;
                            requestId: string;
                            status: number;
                            title: string;
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/certificates/{serial}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a suspended certificate; a fresh CRL is published */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Serial number in hex */
                    serial: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accountId: string | null;
                            caId: string;
                            /** Format: date-time */
                            notAfter: string;
                            /** Format: date-time */
                            notBefore: string;
                            revocationReason: string | null;
                            revokedAt: string | null;
                            serial: string;
                            /** @description The status badge; expired is derived from the validity */
                            status: "valid" | "suspended" | "revoked" | "expired";
                            subject: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/certificates/{serial}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke the certificate for good; a fresh CRL is published */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Serial number in hex */
                    serial: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description RFC 5280 CRLReason; suspension (certificateHold) has its own operation */
                        reason?: "unspecified" | "keyCompromise" | "cACompromise" | "affiliationChanged" | "superseded" | "cessationOfOperation" | "privilegeWithdrawn" | "aACompromise";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accountId: string | null;
                            caId: string;
                            /** Format: date-time */
                            notAfter: string;
                            /** Format: date-time */
                            notBefore: string;
                            revocationReason: string | null;
                            revokedAt: string | null;
                            serial: string;
                            /** @description The status badge; expired is derived from the validity */
                            status: "valid" | "suspended" | "revoked" | "expired";
                            subject: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/certificates/{serial}/suspend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Suspend the certificate (CRL: certificateHold); a fresh CRL is published */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Serial number in hex */
                    serial: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accountId: string | null;
                            caId: string;
                            /** Format: date-time */
                            notAfter: string;
                            /** Format: date-time */
                            notBefore: string;
                            revocationReason: string | null;
                            revokedAt: string | null;
                            serial: string;
                            /** @description The status badge; expired is derived from the validity */
                            status: "valid" | "suspended" | "revoked" | "expired";
                            subject: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/certificates/{serial}/unlock-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Clear the failed-PIN counter of the certificate's key (the holder's identity checked first) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Serial number in hex */
                    serial: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/client-certificates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Operators' and administrators' client certificates with their status, newest first (optionally of one account) */
        get: {
            parameters: {
                query?: {
                    accountId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accountId: string | null;
                            caId: string;
                            /** Format: date-time */
                            notAfter: string;
                            /** Format: date-time */
                            notBefore: string;
                            revocationReason: string | null;
                            revokedAt: string | null;
                            serial: string;
                            /** @description The status badge; expired is derived from the validity */
                            status: "valid" | "suspended" | "revoked" | "expired";
                            subject: string;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/confirmation-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The users' confirmation policy */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description How long an online approval stands for the PIN step */
                            approvalSeconds: number;
                            /** @description off: the PIN alone; when-enrolled: a device approval when the user has an active device; required: always (DEVICE_REQUIRED without one) */
                            device: "off" | "when-enrolled" | "required";
                            /** @description The most documents one approval covers */
                            maxDocuments: number;
                            operations: ("sign" | "decrypt")[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /** Set the users' confirmation policy (audited) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description How long an online approval stands for the PIN step */
                        approvalSeconds: number;
                        /** @description off: the PIN alone; when-enrolled: a device approval when the user has an active device; required: always (DEVICE_REQUIRED without one) */
                        device: "off" | "when-enrolled" | "required";
                        /** @description The most documents one approval covers */
                        maxDocuments: number;
                        operations: ("sign" | "decrypt")[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description How long an online approval stands for the PIN step */
                            approvalSeconds: number;
                            /** @description off: the PIN alone; when-enrolled: a device approval when the user has an active device; required: always (DEVICE_REQUIRED without one) */
                            device: "off" | "when-enrolled" | "required";
                            /** @description The most documents one approval covers */
                            maxDocuments: number;
                            operations: ("sign" | "decrypt")[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/decryption-operations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a decryption operation: a CMS message encrypted to one of my certificates; nothing is decrypted until I confirm it
         * @description With a bearer token: needs the scope `decryption` (403 INSUFFICIENT_SCOPE otherwise).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Serial (hex) of one of my certificates: the one the message is encrypted to */
                        certificate: string;
                        /** @description Seconds until it expires unconfirmed (600) */
                        expiresIn?: number;
                        /**
                         * Format: byte
                         * @description The CMS message (ContentInfo with EnvelopedData or AuthEnvelopedData), DER in base64
                         */
                        message: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            certificate: string;
                            confirmationMethod?: string;
                            /** @description How the operation may be confirmed now (empty once it is not awaiting confirmation) */
                            confirmationMethods: ("pin" | "device" | "device+pin")[];
                            /** Format: date-time */
                            confirmedAt?: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description The operation's approval on the holder's device, when it needs one */
                            device?: {
                                /** Format: date-time */
                                approvedUntil?: string;
                                /** Format: date-time */
                                decidedAt?: string;
                                device?: {
                                    id: string;
                                    name: string;
                                };
                                /** @description The offline QR code's text (PODPIS-OFFLINE-1:…) */
                                offline: string;
                                remainingOfflineAttempts: number;
                                /** @description pending: awaiting the device; used: the key signed under it; refused: too many wrong offline codes */
                                status: "pending" | "approved" | "declined" | "used" | "refused";
                                /** @description Four digits the device shows too: the same operation */
                                verificationCode: string;
                                via?: "online" | "offline";
                            };
                            /** Format: date-time */
                            expiresAt: string;
                            /** Format: uuid */
                            id: string;
                            /** @description SHA-256 (hex) of the message */
                            messageDigest: string;
                            messageSize: number;
                            result?: {
                                /**
                                 * Format: date-time
                                 * @description Until when it waits to be downloaded
                                 */
                                expiresAt: string;
                                size: number;
                                /** @description Where the decrypted content is downloaded, once */
                                url: string;
                            };
                            status: "awaiting_confirmation" | "completed" | "failed" | "cancelled" | "expired";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/decryption-operations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One of my decryption operations: its status and, once completed, where its content waits
         * @description With a bearer token: needs the scope `decryption` (403 INSUFFICIENT_SCOPE otherwise).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            certificate: string;
                            confirmationMethod?: string;
                            /** @description How the operation may be confirmed now (empty once it is not awaiting confirmation) */
                            confirmationMethods: ("pin" | "device" | "device+pin")[];
                            /** Format: date-time */
                            confirmedAt?: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description The operation's approval on the holder's device, when it needs one */
                            device?: {
                                /** Format: date-time */
                                approvedUntil?: string;
                                /** Format: date-time */
                                decidedAt?: string;
                                device?: {
                                    id: string;
                                    name: string;
                                };
                                /** @description The offline QR code's text (PODPIS-OFFLINE-1:…) */
                                offline: string;
                                remainingOfflineAttempts: number;
                                /** @description pending: awaiting the device; used: the key signed under it; refused: too many wrong offline codes */
                                status: "pending" | "approved" | "declined" | "used" | "refused";
                                /** @description Four digits the device shows too: the same operation */
                                verificationCode: string;
                                via?: "online" | "offline";
                            };
                            /** Format: date-time */
                            expiresAt: string;
                            /** Format: uuid */
                            id: string;
                            /** @description SHA-256 (hex) of the message */
                            messageDigest: string;
                            messageSize: number;
                            result?: {
                                /**
                                 * Format: date-time
                                 * @description Until when it waits to be downloaded
                                 */
                                expiresAt: string;
                                size: number;
                                /** @description Where the decrypted content is downloaded, once */
                                url: string;
                            };
                            status: "awaiting_confirmation" | "completed" | "failed" | "cancelled" | "expired";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Cancel a decryption operation awaiting confirmation; the message is erased
         * @description With a bearer token: needs the scope `decryption` (403 INSUFFICIENT_SCOPE otherwise).
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/decryption-operations/{id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm a decryption operation with the key PIN: the key performs exactly the steps fixed at creation. A wrong PIN → 403 KEY_PIN_WRONG (the operation still awaits), then 423 KEY_LOCKED; 409 when completed or cancelled, 410 when expired; 422 DECRYPTION_FAILED when the message was altered (the operation then failed)
         * @description With a bearer token: needs the scope `decryption` (403 INSUFFICIENT_SCOPE otherwise).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description The operation's confirmationMethods[0] with what it needs: pin → pin; device+pin → pin after the device approved (or with code); device → code (an online approval completes the operation by itself) */
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The eight-digit offline code the holder's device showed for this operation */
                        code?: string;
                        /** @description pin: the key PIN; device: an approval on the holder's enrolled device (online, or its offline code); device+pin: both */
                        method: "pin" | "device" | "device+pin";
                        /** @description Key PIN; 6 to 128 characters (400 KEY_PIN_INVALID otherwise) */
                        pin?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            certificate: string;
                            confirmationMethod?: string;
                            /** @description How the operation may be confirmed now (empty once it is not awaiting confirmation) */
                            confirmationMethods: ("pin" | "device" | "device+pin")[];
                            /** Format: date-time */
                            confirmedAt?: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description The operation's approval on the holder's device, when it needs one */
                            device?: {
                                /** Format: date-time */
                                approvedUntil?: string;
                                /** Format: date-time */
                                decidedAt?: string;
                                device?: {
                                    id: string;
                                    name: string;
                                };
                                /** @description The offline QR code's text (PODPIS-OFFLINE-1:…) */
                                offline: string;
                                remainingOfflineAttempts: number;
                                /** @description pending: awaiting the device; used: the key signed under it; refused: too many wrong offline codes */
                                status: "pending" | "approved" | "declined" | "used" | "refused";
                                /** @description Four digits the device shows too: the same operation */
                                verificationCode: string;
                                via?: "online" | "offline";
                            };
                            /** Format: date-time */
                            expiresAt: string;
                            /** Format: uuid */
                            id: string;
                            /** @description SHA-256 (hex) of the message */
                            messageDigest: string;
                            messageSize: number;
                            result?: {
                                /**
                                 * Format: date-time
                                 * @description Until when it waits to be downloaded
                                 */
                                expiresAt: string;
                                size: number;
                                /** @description Where the decrypted content is downloaded, once */
                                url: string;
                            };
                            status: "awaiting_confirmation" | "completed" | "failed" | "cancelled" | "expired";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description KEY_PIN_WRONG, or INSUFFICIENT_SCOPE / FORBIDDEN */
                            code: string;
                            detail: string;
                            instance: string;
                            /** @description KEY_PIN_WRONG: wrong PINs still allowed; 0 means the key is now locked (423 KEY_LOCKED next) */
                            remainingAttempts?: number;
                            requestId: string;
                            status: number;
                            title: string;
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/decryption-operations/{id}/result": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The decrypted content of a completed operation, application/octet-stream: once, and only until result.expiresAt (404 DECRYPTION_RESULT_NOT_FOUND after)
         * @description With a bearer token: needs the scope `decryption` (403 INSUFFICIENT_SCOPE otherwise).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/device/enrolment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A device presents an activation code and gets the enrolment offer (10 tries a minute per address) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        activationCode: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            account: string;
                            challenge: string;
                            enrolment: string;
                            expiresAt: string;
                            rpId: string;
                            serverKey: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/device/enrolment/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A device completes its enrolment: its ECDH key and, sealed, its name and signing key */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        deviceKey: string;
                        enrolment: string;
                        /** @description A message sealed under the device channel (AES-256-GCM, counter authenticated) */
                        envelope: {
                            counter: number;
                            data: string;
                            device: string;
                            iv: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description A message sealed under the device channel (AES-256-GCM, counter authenticated) */
                            envelope: {
                                counter: number;
                                data: string;
                                device: string;
                                iv: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/device/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A sealed `listen` from a device opens a Server-Sent Events stream of `pending` hints (no content: the device then asks `pending`) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A message sealed under the device channel (AES-256-GCM, counter authenticated) */
                        envelope: {
                            counter: number;
                            data: string;
                            device: string;
                            iv: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/device/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A sealed request from a device (pending, preview, decide, push); the answer is sealed for it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A message sealed under the device channel (AES-256-GCM, counter authenticated) */
                        envelope: {
                            counter: number;
                            data: string;
                            device: string;
                            iv: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description A message sealed under the device channel (AES-256-GCM, counter authenticated) */
                            envelope: {
                                counter: number;
                                data: string;
                                device: string;
                                iv: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A device */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            /** @description webauthn: the Podpis mobile app (a WebAuthn credential); authenticator: podpis-authenticator */
                            kind: "webauthn" | "authenticator";
                            lastUsedAt: string | null;
                            name: string;
                            platform: string | null;
                            /** @description Takes Web Push notifications */
                            push: boolean;
                            status: "active" | "blocked";
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Remove a device for good: its channel is erased (past approvals stay verifiable) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename a user's device */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            /** @description webauthn: the Podpis mobile app (a WebAuthn credential); authenticator: podpis-authenticator */
                            kind: "webauthn" | "authenticator";
                            lastUsedAt: string | null;
                            name: string;
                            platform: string | null;
                            /** @description Takes Web Push notifications */
                            push: boolean;
                            status: "active" | "blocked";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/devices/{id}/block": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Block a device: it approves nothing until unblocked */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            /** @description webauthn: the Podpis mobile app (a WebAuthn credential); authenticator: podpis-authenticator */
                            kind: "webauthn" | "authenticator";
                            lastUsedAt: string | null;
                            name: string;
                            platform: string | null;
                            /** @description Takes Web Push notifications */
                            push: boolean;
                            status: "active" | "blocked";
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/devices/{id}/unblock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Unblock a device */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            /** @description webauthn: the Podpis mobile app (a WebAuthn credential); authenticator: podpis-authenticator */
                            kind: "webauthn" | "authenticator";
                            lastUsedAt: string | null;
                            name: string;
                            platform: string | null;
                            /** @description Takes Web Push notifications */
                            push: boolean;
                            status: "active" | "blocked";
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/directories": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The connected directories, by name */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Registration field → LDAP attribute; fields: login, employeeId, surname, name, patronymic, commonName, title, organizationName, organizationalUnitName, street, locality, state, country, email, inn, innle, snils, ogrn, ogrnip, phone, department, region, address, position. Active Directory's by default: {"login":"sAMAccountName","employeeId":"employeeID","surname":"sn","name":"givenName","patronymic":"middleName","title":"title","position":"title","organizationName":"company","organizationalUnitName":"department","department":"department","email":"mail","phone":"telephoneNumber","locality":"l","state":"st","street":"streetAddress","country":"c"}; INN and SNILS live in custom attributes the administrator names (e.g. extensionAttribute1) */
                            attributeMap: {
                                [key: string]: string;
                            };
                            baseDn: string;
                            /** @description The service account that searches */
                            bindDn: string;
                            /** @description PEM of the CA to trust for the server's certificate; null: the system's trusted CAs */
                            caCertificate: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            name: string;
                            /** @description Default 200 */
                            pageSize: number;
                            /** @description Users linked to this directory sign in with their directory password (LDAP bind) */
                            passwordSignIn: boolean;
                            /** @description Upgrade an ldap:// connection with StartTLS */
                            startTls: boolean;
                            /** @description For connecting and for each LDAP operation; default 5000 */
                            timeoutMs: number;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description ldap://host:389 or ldaps://host:636 */
                            url: string;
                            /** @description An RFC 4515 filter for user entries; default (&(objectCategory=person)(objectClass=user)) */
                            userFilter: string;
                        }[];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Connect a directory; the bind password is sealed and never shown again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Registration field → LDAP attribute; fields: login, employeeId, surname, name, patronymic, commonName, title, organizationName, organizationalUnitName, street, locality, state, country, email, inn, innle, snils, ogrn, ogrnip, phone, department, region, address, position. Active Directory's by default: {"login":"sAMAccountName","employeeId":"employeeID","surname":"sn","name":"givenName","patronymic":"middleName","title":"title","position":"title","organizationName":"company","organizationalUnitName":"department","department":"department","email":"mail","phone":"telephoneNumber","locality":"l","state":"st","street":"streetAddress","country":"c"}; INN and SNILS live in custom attributes the administrator names (e.g. extensionAttribute1) */
                        attributeMap?: {
                            [key: string]: string;
                        };
                        baseDn: string;
                        /** @description The service account that searches */
                        bindDn: string;
                        /** @description Stored sealed under the master key, never shown again */
                        bindPassword: string;
                        /** @description PEM of the CA to trust for the server's certificate; null: the system's trusted CAs */
                        caCertificate?: string | null;
                        name: string;
                        /** @description Default 200 */
                        pageSize?: number;
                        /** @description Users linked to this directory sign in with their directory password (LDAP bind) */
                        passwordSignIn?: boolean;
                        /** @description Upgrade an ldap:// connection with StartTLS */
                        startTls?: boolean;
                        /** @description For connecting and for each LDAP operation; default 5000 */
                        timeoutMs?: number;
                        /** @description ldap://host:389 or ldaps://host:636 */
                        url: string;
                        /** @description An RFC 4515 filter for user entries; default (&(objectCategory=person)(objectClass=user)) */
                        userFilter?: string;
                    };
                };
            };
            responses: {
                /** @description A directory's settings: never the bind password */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Registration field → LDAP attribute; fields: login, employeeId, surname, name, patronymic, commonName, title, organizationName, organizationalUnitName, street, locality, state, country, email, inn, innle, snils, ogrn, ogrnip, phone, department, region, address, position. Active Directory's by default: {"login":"sAMAccountName","employeeId":"employeeID","surname":"sn","name":"givenName","patronymic":"middleName","title":"title","position":"title","organizationName":"company","organizationalUnitName":"department","department":"department","email":"mail","phone":"telephoneNumber","locality":"l","state":"st","street":"streetAddress","country":"c"}; INN and SNILS live in custom attributes the administrator names (e.g. extensionAttribute1) */
                            attributeMap: {
                                [key: string]: string;
                            };
                            baseDn: string;
                            /** @description The service account that searches */
                            bindDn: string;
                            /** @description PEM of the CA to trust for the server's certificate; null: the system's trusted CAs */
                            caCertificate: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            name: string;
                            /** @description Default 200 */
                            pageSize: number;
                            /** @description Users linked to this directory sign in with their directory password (LDAP bind) */
                            passwordSignIn: boolean;
                            /** @description Upgrade an ldap:// connection with StartTLS */
                            startTls: boolean;
                            /** @description For connecting and for each LDAP operation; default 5000 */
                            timeoutMs: number;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description ldap://host:389 or ldaps://host:636 */
                            url: string;
                            /** @description An RFC 4515 filter for user entries; default (&(objectCategory=person)(objectClass=user)) */
                            userFilter: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/directories/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A directory's settings */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A directory's settings: never the bind password */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Registration field → LDAP attribute; fields: login, employeeId, surname, name, patronymic, commonName, title, organizationName, organizationalUnitName, street, locality, state, country, email, inn, innle, snils, ogrn, ogrnip, phone, department, region, address, position. Active Directory's by default: {"login":"sAMAccountName","employeeId":"employeeID","surname":"sn","name":"givenName","patronymic":"middleName","title":"title","position":"title","organizationName":"company","organizationalUnitName":"department","department":"department","email":"mail","phone":"telephoneNumber","locality":"l","state":"st","street":"streetAddress","country":"c"}; INN and SNILS live in custom attributes the administrator names (e.g. extensionAttribute1) */
                            attributeMap: {
                                [key: string]: string;
                            };
                            baseDn: string;
                            /** @description The service account that searches */
                            bindDn: string;
                            /** @description PEM of the CA to trust for the server's certificate; null: the system's trusted CAs */
                            caCertificate: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            name: string;
                            /** @description Default 200 */
                            pageSize: number;
                            /** @description Users linked to this directory sign in with their directory password (LDAP bind) */
                            passwordSignIn: boolean;
                            /** @description Upgrade an ldap:// connection with StartTLS */
                            startTls: boolean;
                            /** @description For connecting and for each LDAP operation; default 5000 */
                            timeoutMs: number;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description ldap://host:389 or ldaps://host:636 */
                            url: string;
                            /** @description An RFC 4515 filter for user entries; default (&(objectCategory=person)(objectClass=user)) */
                            userFilter: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Disconnect a directory (users keep their links, but nothing is looked up or signed in through it) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a directory's settings */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description What is given replaces; without bindPassword the stored one stays */
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Registration field → LDAP attribute; fields: login, employeeId, surname, name, patronymic, commonName, title, organizationName, organizationalUnitName, street, locality, state, country, email, inn, innle, snils, ogrn, ogrnip, phone, department, region, address, position. Active Directory's by default: {"login":"sAMAccountName","employeeId":"employeeID","surname":"sn","name":"givenName","patronymic":"middleName","title":"title","position":"title","organizationName":"company","organizationalUnitName":"department","department":"department","email":"mail","phone":"telephoneNumber","locality":"l","state":"st","street":"streetAddress","country":"c"}; INN and SNILS live in custom attributes the administrator names (e.g. extensionAttribute1) */
                        attributeMap?: {
                            [key: string]: string;
                        };
                        baseDn?: string;
                        /** @description The service account that searches */
                        bindDn?: string;
                        /** @description Stored sealed under the master key, never shown again */
                        bindPassword?: string;
                        /** @description PEM of the CA to trust for the server's certificate; null: the system's trusted CAs */
                        caCertificate?: string | null;
                        name?: string;
                        /** @description Default 200 */
                        pageSize?: number;
                        /** @description Users linked to this directory sign in with their directory password (LDAP bind) */
                        passwordSignIn?: boolean;
                        /** @description Upgrade an ldap:// connection with StartTLS */
                        startTls?: boolean;
                        /** @description For connecting and for each LDAP operation; default 5000 */
                        timeoutMs?: number;
                        /** @description ldap://host:389 or ldaps://host:636 */
                        url?: string;
                        /** @description An RFC 4515 filter for user entries; default (&(objectCategory=person)(objectClass=user)) */
                        userFilter?: string;
                    };
                };
            };
            responses: {
                /** @description A directory's settings: never the bind password */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Registration field → LDAP attribute; fields: login, employeeId, surname, name, patronymic, commonName, title, organizationName, organizationalUnitName, street, locality, state, country, email, inn, innle, snils, ogrn, ogrnip, phone, department, region, address, position. Active Directory's by default: {"login":"sAMAccountName","employeeId":"employeeID","surname":"sn","name":"givenName","patronymic":"middleName","title":"title","position":"title","organizationName":"company","organizationalUnitName":"department","department":"department","email":"mail","phone":"telephoneNumber","locality":"l","state":"st","street":"streetAddress","country":"c"}; INN and SNILS live in custom attributes the administrator names (e.g. extensionAttribute1) */
                            attributeMap: {
                                [key: string]: string;
                            };
                            baseDn: string;
                            /** @description The service account that searches */
                            bindDn: string;
                            /** @description PEM of the CA to trust for the server's certificate; null: the system's trusted CAs */
                            caCertificate: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            name: string;
                            /** @description Default 200 */
                            pageSize: number;
                            /** @description Users linked to this directory sign in with their directory password (LDAP bind) */
                            passwordSignIn: boolean;
                            /** @description Upgrade an ldap:// connection with StartTLS */
                            startTls: boolean;
                            /** @description For connecting and for each LDAP operation; default 5000 */
                            timeoutMs: number;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description ldap://host:389 or ldaps://host:636 */
                            url: string;
                            /** @description An RFC 4515 filter for user entries; default (&(objectCategory=person)(objectClass=user)) */
                            userFilter: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/directories/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Test connection: bind as the service account and show the first entries the user filter finds */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            elapsedMs: number;
                            entries: {
                                dn: string;
                                /** @description objectGUID, entryUUID or the DN: what the user keeps as the link */
                                externalId: string;
                                /** @description The mapped fields the entry fills: login, employeeId and registration fields */
                                values: {
                                    [key: string]: string;
                                };
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/directory/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search every connected directory for an applicant: each word must occur in the login, e-mail, employee id or name (the registration form's search) */
        get: {
            parameters: {
                query: {
                    /** @description 1..50, default 20 */
                    limit?: string;
                    q: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            directoryId: string;
                            directoryName: string;
                            dn: string;
                            /** @description objectGUID, entryUUID or the DN: what the user keeps as the link */
                            externalId: string;
                            /** @description The mapped fields the entry fills: login, employeeId and registration fields */
                            values: {
                                [key: string]: string;
                            };
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload a document to sign (application/octet-stream, streamed; at most PODPIS_DOCUMENT_LIMIT, 1 GiB by default → 413 DOCUMENT_TOO_LARGE): it is stored in chunks with its digests (or, with keep=digests, its digests alone) and kept until it expires or I delete it
         * @description With a bearer token: needs the scope `signing` (403 INSUFFICIENT_SCOPE otherwise).
         */
        post: {
            parameters: {
                query: {
                    /** @description Comma-separated digests to make while it streams in; default: those of the keys of my valid certificates. Streebog runs at ~130 MB/s (on a hashing thread of its own for a large document), SHA-256 at ~1 GB/s; a digest not made now is made from the stored chunks when an operation needs it (not with keep=digests: there are none) */
                    digests?: string;
                    /** @description content (default): the document is stored in chunks with its digests. digests: it streams through the same hashing but only its name, size, digests and expiry are kept, no byte of it — for a detached signature of a large document, which needs nothing more (storing costs the database 12-16 s of CPU per GiB, hashing ~5 s). Such a document signs as CAdES detached or raw exactly as a kept one; an attached CAdES, XAdES, PAdES, a device preview or a download of its content is refused with 409 DOCUMENT_CONTENT_NOT_KEPT before anything is written */
                    keep?: "content" | "digests";
                    /** @description The document as people know it (UTF-8, percent-encoded in the URL) */
                    name: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description The document’s bytes, as application/octet-stream */
            requestBody: {
                content: {
                    "application/octet-stream": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description false when uploaded with keep=digests: only its digests are kept, so it signs only detached (CAdES detached, raw); its content, a preview and the formats that embed it are refused with 409 DOCUMENT_CONTENT_NOT_KEPT */
                            contentKept: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description Hex digests made while it was uploaded: streebog256 (1.2.643.7.1.1.2.2), streebog512 (1.2.643.7.1.1.2.3), sha256 (2.16.840.1.101.3.4.2.1) */
                            digests: {
                                sha256?: string;
                                streebog256?: string;
                                streebog512?: string;
                            };
                            /**
                             * Format: date-time
                             * @description When it is deleted unless deleted sooner
                             */
                            expiresAt: string;
                            /**
                             * Format: uuid
                             * @description Give it as `document` of a signing operation
                             */
                            id: string;
                            name: string;
                            size: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/documents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One of my uploaded documents: name, size, digests, whether its content is kept, expiry
         * @description With a bearer token: needs the scope `signing` (403 INSUFFICIENT_SCOPE otherwise).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description false when uploaded with keep=digests: only its digests are kept, so it signs only detached (CAdES detached, raw); its content, a preview and the formats that embed it are refused with 409 DOCUMENT_CONTENT_NOT_KEPT */
                            contentKept: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description Hex digests made while it was uploaded: streebog256 (1.2.643.7.1.1.2.2), streebog512 (1.2.643.7.1.1.2.3), sha256 (2.16.840.1.101.3.4.2.1) */
                            digests: {
                                sha256?: string;
                                streebog256?: string;
                                streebog512?: string;
                            };
                            /**
                             * Format: date-time
                             * @description When it is deleted unless deleted sooner
                             */
                            expiresAt: string;
                            /**
                             * Format: uuid
                             * @description Give it as `document` of a signing operation
                             */
                            id: string;
                            name: string;
                            size: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete one of my uploaded documents now, with all its chunks
         * @description With a bearer token: needs the scope `signing` (403 INSUFFICIENT_SCOPE otherwise).
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/documents/{id}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The bytes of one of my uploaded documents, streamed (409 DOCUMENT_CONTENT_NOT_KEPT for one uploaded with keep=digests)
         * @description With a bearer token: needs the scope `signing` (403 INSUFFICIENT_SCOPE otherwise).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/encryptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Encrypt content to one or more certificates (of this service by serial, or brought as PEM/DER): the answer is the CMS EnvelopedData (AuthEnvelopedData for aes256-gcm), DER, application/pkcs7-mime
         * @description With a bearer token: needs the scope `encryption` (403 INSUFFICIENT_SCOPE otherwise).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: byte
                         * @description What to encrypt (base64, at most 8388608 bytes); it is not kept
                         */
                        content: string;
                        /** @description kuznyechik / magma: CTR-ACPKM with OMAC (GOST R 34.13-2015, RFC 9337 CMS as the GOST engine writes it); aes256-gcm: AuthEnvelopedData; aes256-cbc. Default: kuznyechik when every recipient has a GOST key, else aes256-gcm. GOST recipients need kuznyechik or magma (422 ENCRYPTION_CIPHER_MISMATCH) */
                        contentEncryption?: "kuznyechik" | "magma" | "aes256-gcm" | "aes256-cbc";
                        recipients: ({
                            /** @description Serial (hex) of a user certificate of this service */
                            serial: string;
                        } | {
                            /** @description A certificate the caller brings: PEM, or DER in base64. Its validity period and key usage are checked, not its chain or revocation */
                            certificate: string;
                        })[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hr/sources": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** HR sources and their column mappings (operators and administrators) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            description: string;
                            encoding: "auto" | "utf-8" | "windows-1251";
                            id: string;
                            mapping: {
                                /** @description For each field, the column of the export that holds it; externalId (the personnel number) is required, login optional (default: the e-mail, else hr-<personnel number>) */
                                columns: {
                                    [key: string]: string;
                                };
                                /** @description Values for fields the export lacks: the employer's name, INN (innle), OGRN, city, country */
                                defaults: {
                                    [key: string]: string;
                                };
                                kind: "employee" | "person" | "entrepreneur" | "legalEntity";
                            };
                            markLeavers: boolean;
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hr/sources/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One HR source */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            description: string;
                            encoding: "auto" | "utf-8" | "windows-1251";
                            id: string;
                            mapping: {
                                /** @description For each field, the column of the export that holds it; externalId (the personnel number) is required, login optional (default: the e-mail, else hr-<personnel number>) */
                                columns: {
                                    [key: string]: string;
                                };
                                /** @description Values for fields the export lacks: the employer's name, INN (innle), OGRN, city, country */
                                defaults: {
                                    [key: string]: string;
                                };
                                kind: "employee" | "person" | "entrepreneur" | "legalEntity";
                            };
                            markLeavers: boolean;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /** Create or change an HR source: its column mapping, encoding, and whether leavers are marked */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        encoding?: "auto" | "utf-8" | "windows-1251";
                        mapping: {
                            /** @description For each field, the column of the export that holds it; externalId (the personnel number) is required, login optional (default: the e-mail, else hr-<personnel number>) */
                            columns: {
                                [key: string]: string;
                            };
                            /** @description Values for fields the export lacks: the employer's name, INN (innle), OGRN, city, country */
                            defaults: {
                                [key: string]: string;
                            };
                            kind: "employee" | "person" | "entrepreneur" | "legalEntity";
                        };
                        /** @description An employee missing from a full export is marked as having left */
                        markLeavers?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            description: string;
                            encoding: "auto" | "utf-8" | "windows-1251";
                            id: string;
                            mapping: {
                                /** @description For each field, the column of the export that holds it; externalId (the personnel number) is required, login optional (default: the e-mail, else hr-<personnel number>) */
                                columns: {
                                    [key: string]: string;
                                };
                                /** @description Values for fields the export lacks: the employer's name, INN (innle), OGRN, city, country */
                                defaults: {
                                    [key: string]: string;
                                };
                                kind: "employee" | "person" | "entrepreneur" | "legalEntity";
                            };
                            markLeavers: boolean;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hr/sources/{id}/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload an HR export (CSV with ; , or tab, UTF-8 or Windows-1251; or JSON) as application/octet-stream or text/csv: it is checked whole and queued as a bulk job */
        post: {
            parameters: {
                query?: {
                    delimiter?: string;
                    encoding?: "auto" | "utf-8" | "windows-1251";
                    format?: "auto" | "csv" | "json";
                    /** @description The export lists every employee (leavers are those missing) */
                    full?: "true" | "false";
                    /** @description The file name, for the report */
                    name?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            counts: {
                                created: number;
                                failed: number;
                                issued: number;
                                left: number;
                                skipped: number;
                                unchanged: number;
                                updated: number;
                            };
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            error: string | null;
                            finishedAt: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description When the rows (personal data) were erased after PODPIS_BULK_ITEM_RETENTION_DAYS; outcomes, reasons and accounts stay */
                            inputErasedAt: string | null;
                            kind: "hr.import" | "certificate.campaign";
                            params: {
                                [key: string]: unknown;
                            };
                            /** @description Items done so far: the progress is processed / total */
                            processed: number;
                            status: "queued" | "running" | "paused" | "cancelled" | "completed" | "failed";
                            /** @description Items to process (rows of the file) */
                            total: number;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hr/sources/{id}/pull": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An HR source's scheduled pull and how its last pull went (404 HR_PULL_NOT_FOUND: none) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            auth: {
                                /** @description A token or password is saved (it is never shown) */
                                secretSaved: boolean;
                                type: "none" | "bearer" | "basic";
                                username: string | null;
                            };
                            caCertificate: string | null;
                            enabled: boolean;
                            full: boolean;
                            intervalMinutes: number;
                            lastError: string | null;
                            lastJobId: string | null;
                            lastPullAt: string | null;
                            lastStatus: "imported" | "unchanged" | "failed" | null;
                            maxBytes: number;
                            /** Format: date-time */
                            nextPullAt: string;
                            recordsPath: string;
                            sourceId: string;
                            timeoutSeconds: number;
                            /** Format: date-time */
                            updatedAt: string;
                            url: string;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /** Set up or change the scheduled pull of an HR source from a JSON endpoint; the next pull is due at once */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        auth: {
                            /** @enum {string} */
                            type: "none";
                        } | {
                            /** @description Write-only; absent: keep the saved token */
                            token?: string;
                            /** @enum {string} */
                            type: "bearer";
                        } | {
                            /** @description Write-only; absent: keep the saved password */
                            password?: string;
                            /** @enum {string} */
                            type: "basic";
                            username: string;
                        };
                        /** @description PEM of the CA(s) to trust for the server's certificate; absent or null: the system's */
                        caCertificate?: string | null;
                        enabled?: boolean;
                        /** @description The endpoint lists every employee: those missing are leavers (default true) */
                        full?: boolean;
                        intervalMinutes: number;
                        maxBytes?: number;
                        /** @description Dot-separated keys to the array of employees, e.g. data.employees; empty: the body is the array (or its first array) */
                        recordsPath?: string;
                        timeoutSeconds?: number;
                        /** @description https:// (http:// only to loopback with PODPIS_HR_PULL_ALLOW_HTTP) */
                        url: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            auth: {
                                /** @description A token or password is saved (it is never shown) */
                                secretSaved: boolean;
                                type: "none" | "bearer" | "basic";
                                username: string | null;
                            };
                            caCertificate: string | null;
                            enabled: boolean;
                            full: boolean;
                            intervalMinutes: number;
                            lastError: string | null;
                            lastJobId: string | null;
                            lastPullAt: string | null;
                            lastStatus: "imported" | "unchanged" | "failed" | null;
                            maxBytes: number;
                            /** Format: date-time */
                            nextPullAt: string;
                            recordsPath: string;
                            sourceId: string;
                            timeoutSeconds: number;
                            /** Format: date-time */
                            updatedAt: string;
                            url: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        /** Remove an HR source's scheduled pull (the source and its imports stay) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/hr/sources/{id}/pull/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pull now: an import job when the export changed (202), or 200 unchanged; a failure is recorded and answered 502 HR_PULL_FAILED (or 422 for an export that cannot be imported) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "unchanged";
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            jobId: string;
                            /** @enum {string} */
                            status: "imported";
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/key-stores": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The key stores users' keys can be generated in, with the algorithms each makes */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Where keys go when the request names no store */
                            default: boolean;
                            /** @description What to send as `keyStore` when creating a certificate request */
                            id: "software" | "pkcs11";
                            /** @description The `keySpec` values this store can generate */
                            keySpecs: ("gost256" | "gost512" | "ecdsa-p256" | "rsa2048")[];
                            /** @description For people: 'server (software)' or the PKCS#11 token's label */
                            label: string;
                        }[];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in account: a user by session or bearer token, an operator or administrator by client certificate */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            accountId: string;
                            displayName: string | null;
                            login: string;
                            method: "session" | "token" | "certificate" | "oauth";
                            mustChangePassword: boolean;
                            role: "admin" | "operator" | "user";
                            /** @description The role requires a second factor this account has not enrolled: only enrolment is open */
                            secondFactorEnrolmentRequired: boolean;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/certificate-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * My certificate requests, newest first: status, the reason of a rejection, the certificate issued
         * @description With a bearer token: needs the scope `certificates:read` (403 INSUFFICIENT_SCOPE otherwise).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            accountId: string;
                            /** @description Approved by the HR-match rule, not by an operator */
                            autoApproved: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            decidedBy: string | null;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            decidedByName: string | null;
                            decisionComment: string | null;
                            /** Format: uuid */
                            id: string;
                            identityCheck: {
                                /** Format: date-time */
                                checkedAt: string;
                                checkedBy: string;
                                /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                                checkedByName: string | null;
                                /** @description The last four digits of the document's number: Podpis never takes the whole number */
                                documentNumberLast4: string;
                                /** @description The identity document the operator checked: passport, internationalPassport, foreignPassport, residencePermit, militaryId */
                                documentType: "passport" | "internationalPassport" | "foreignPassport" | "residencePermit" | "militaryId";
                            } | null;
                            /** @description server: a key made in the key store under the employee's PIN; pkcs10: the employee's own key */
                            keySource: "server" | "pkcs10";
                            login: string;
                            /** @description The certificate profile asked for */
                            profile: string;
                            serial: string | null;
                            status: "pending" | "approved" | "rejected";
                            /** @description The subject the registration data gave when the request was made */
                            subject: string;
                        }[];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Ask for a certificate for my registration data: a key on the server under a PIN I choose, or my own PKCS#10; one request waits per profile (409 CERTIFICATE_ALREADY_REQUESTED)
         * @description With a bearer token: needs the scope `certificates:renew` (403 INSUFFICIENT_SCOPE otherwise). Approved at once (status approved, autoApproved) when the administrator's HR-match rule applies.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The qualified profile for my kind when absent */
                        certificateProfile?: string;
                        key: {
                            /** @description Key PIN; 6 to 128 characters (400 KEY_PIN_INVALID otherwise) */
                            pin: string;
                            /** @description Key PIN; 6 to 128 characters (400 KEY_PIN_INVALID otherwise) */
                            pinConfirmation: string;
                            /** @enum {string} */
                            type: "server";
                        } | {
                            /** @description PKCS#10 request, PEM; its signature must verify */
                            csr: string;
                            /** @enum {string} */
                            type: "pkcs10";
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            accountId: string;
                            /** @description Approved by the HR-match rule, not by an operator */
                            autoApproved: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            decidedBy: string | null;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            decidedByName: string | null;
                            decisionComment: string | null;
                            /** Format: uuid */
                            id: string;
                            identityCheck: {
                                /** Format: date-time */
                                checkedAt: string;
                                checkedBy: string;
                                /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                                checkedByName: string | null;
                                /** @description The last four digits of the document's number: Podpis never takes the whole number */
                                documentNumberLast4: string;
                                /** @description The identity document the operator checked: passport, internationalPassport, foreignPassport, residencePermit, militaryId */
                                documentType: "passport" | "internationalPassport" | "foreignPassport" | "residencePermit" | "militaryId";
                            } | null;
                            /** @description server: a key made in the key store under the employee's PIN; pkcs10: the employee's own key */
                            keySource: "server" | "pkcs10";
                            login: string;
                            /** @description The certificate profile asked for */
                            profile: string;
                            serial: string | null;
                            status: "pending" | "approved" | "rejected";
                            /** @description The subject the registration data gave when the request was made */
                            subject: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/certificate-requests/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One of my certificate requests
         * @description With a bearer token: needs the scope `certificates:read` (403 INSUFFICIENT_SCOPE otherwise).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            accountId: string;
                            /** @description Approved by the HR-match rule, not by an operator */
                            autoApproved: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            decidedBy: string | null;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            decidedByName: string | null;
                            decisionComment: string | null;
                            /** Format: uuid */
                            id: string;
                            identityCheck: {
                                /** Format: date-time */
                                checkedAt: string;
                                checkedBy: string;
                                /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                                checkedByName: string | null;
                                /** @description The last four digits of the document's number: Podpis never takes the whole number */
                                documentNumberLast4: string;
                                /** @description The identity document the operator checked: passport, internationalPassport, foreignPassport, residencePermit, militaryId */
                                documentType: "passport" | "internationalPassport" | "foreignPassport" | "residencePermit" | "militaryId";
                            } | null;
                            /** @description server: a key made in the key store under the employee's PIN; pkcs10: the employee's own key */
                            keySource: "server" | "pkcs10";
                            login: string;
                            /** @description The certificate profile asked for */
                            profile: string;
                            serial: string | null;
                            status: "pending" | "approved" | "rejected";
                            /** @description The subject the registration data gave when the request was made */
                            subject: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/certificates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * My certificates with their status badges
         * @description With a bearer token: needs the scope `certificates:read` (403 INSUFFICIENT_SCOPE otherwise).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accountId: string | null;
                            caId: string;
                            /** Format: date-time */
                            notAfter: string;
                            /** Format: date-time */
                            notBefore: string;
                            revocationReason: string | null;
                            revokedAt: string | null;
                            serial: string;
                            /** @description The status badge; expired is derived from the validity */
                            status: "valid" | "suspended" | "revoked" | "expired";
                            subject: string;
                        }[];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/certificates/{serial}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One of my certificates, every field readable, and whether my key is locked after wrong PINs
         * @description With a bearer token: needs the scope `certificates:read` (403 INSUFFICIENT_SCOPE otherwise).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Serial number in hex */
                    serial: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accountId: string | null;
                            caId: string;
                            details: {
                                caIssuersUrls: string[];
                                certificatePolicies: {
                                    name: string;
                                    oid: string;
                                }[];
                                crlDistributionPoints: string[];
                                extendedKeyUsage: {
                                    name: string;
                                    oid: string;
                                }[];
                                issuer: {
                                    name: string;
                                    type: string;
                                    value: string;
                                }[];
                                issuerText: string;
                                keyUsage: string[];
                                /** Format: date-time */
                                notAfter: string;
                                /** Format: date-time */
                                notBefore: string;
                                ocspUrls: string[];
                                publicKeyAlgorithm: {
                                    name: string;
                                    oid: string;
                                };
                                /** @description What the key algorithm alone does not say; empty for GOST keys */
                                publicKeyDetail: {
                                    /** @description An RSA modulus's size */
                                    bits?: number;
                                    /** @description An EC key's named curve (OID) */
                                    curve?: string;
                                };
                                /** @description Identifiers of the Russian qualified profile (ИНН, ИНН ЮЛ, СНИЛС, ОГРН, ОГРНИП) */
                                qualified: {
                                    inn?: string;
                                    innle?: string;
                                    ogrn?: string;
                                    ogrnip?: string;
                                    snils?: string;
                                };
                                serialNumber: string;
                                signatureAlgorithm: {
                                    name: string;
                                    oid: string;
                                };
                                subject: {
                                    name: string;
                                    type: string;
                                    value: string;
                                }[];
                                subjectSignTool: string | null;
                                thumbprints: {
                                    sha1: string;
                                    sha256: string;
                                };
                            };
                            /** @description The certificate's private key in the key store */
                            key: {
                                /** @description A held key's policy: pin, every use confirmed by the holder; none, a legal entity's key for automatic signing, without a PIN; device, every use approved on the holder's enrolled device */
                                confirmation?: "pin" | "none" | "device";
                                /** @description The service holds the private key (false: the holder keeps it) */
                                held: boolean;
                                /** @description Locked after too many wrong PINs, until an operator unlocks it */
                                locked: boolean;
                                /** @description Wrong PINs still allowed before the key locks */
                                remainingAttempts?: number;
                                store: "software" | "pkcs11" | null;
                            };
                            /** Format: date-time */
                            notAfter: string;
                            /** Format: date-time */
                            notBefore: string;
                            revocationReason: string | null;
                            revokedAt: string | null;
                            serial: string;
                            /** @description The status badge; expired is derived from the validity */
                            status: "valid" | "suspended" | "revoked" | "expired";
                            subject: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/certificates/{serial}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download one of my certificates: DER, PEM or PKCS#7 with the chain
         * @description With a bearer token: needs the scope `certificates:read` (403 INSUFFICIENT_SCOPE otherwise).
         */
        get: {
            parameters: {
                query?: {
                    /** @description der (default, .cer), pem, or p7b: PKCS#7 certs-only with the chain to the root */
                    format?: "der" | "pem" | "p7b";
                };
                header?: never;
                path: {
                    /** @description Serial number in hex */
                    serial: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The certificate file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/certificates/{serial}/pin": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change my key's PIN (first the operator's temporary one): a wrong old PIN → 403 KEY_PIN_WRONG with remainingAttempts, then 423 KEY_LOCKED
         * @description With a bearer token: needs the scope `keys:pin` (403 INSUFFICIENT_SCOPE otherwise).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Serial number in hex */
                    serial: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Key PIN; 6 to 128 characters (400 KEY_PIN_INVALID otherwise) */
                        newPin: string;
                        /** @description Key PIN; 6 to 128 characters (400 KEY_PIN_INVALID otherwise) */
                        oldPin: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description KEY_PIN_WRONG, or INSUFFICIENT_SCOPE / FORBIDDEN */
                            code: string;
                            detail: string;
                            instance: string;
                            /** @description KEY_PIN_WRONG: wrong PINs still allowed; 0 means the key is now locked (423 KEY_LOCKED next) */
                            remainingAttempts?: number;
                            requestId: string;
                            status: number;
                            title: string;
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/certificates/{serial}/print-form": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The printable form (PDF) of one of my certificates, the same the operator prints
         * @description With a bearer token: needs the scope `certificates:read` (403 INSUFFICIENT_SCOPE otherwise).
         */
        get: {
            parameters: {
                query?: {
                    lang?: "ru" | "en";
                };
                header?: never;
                path: {
                    /** @description Serial number in hex */
                    serial: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description PDF */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/certificates/{serial}/renewal-request": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ask an operator to renew my valid certificate; one request may wait per certificate (409 RENEWAL_ALREADY_REQUESTED)
         * @description With a bearer token: needs the scope `certificates:renew` (403 INSUFFICIENT_SCOPE otherwise).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Serial number in hex */
                    serial: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        comment?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            accountId: string;
                            comment: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            decidedBy: string | null;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            decidedByName: string | null;
                            decisionComment: string | null;
                            /** Format: uuid */
                            id: string;
                            login: string;
                            newSerial: string | null;
                            /** @description The certificate to renew */
                            serial: string;
                            status: "pending" | "approved" | "rejected";
                            subject: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My enrolled devices */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: uuid */
                                id: string;
                                /** @description webauthn: the Podpis mobile app (a WebAuthn credential); authenticator: podpis-authenticator */
                                kind: "webauthn" | "authenticator";
                                lastUsedAt: string | null;
                                name: string;
                                platform: string | null;
                                /** @description Takes Web Push notifications */
                                push: boolean;
                                status: "active" | "blocked";
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/devices/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a device for good: its channel is erased (past approvals stay verifiable) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename my device */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            /** @description webauthn: the Podpis mobile app (a WebAuthn credential); authenticator: podpis-authenticator */
                            kind: "webauthn" | "authenticator";
                            lastUsedAt: string | null;
                            name: string;
                            platform: string | null;
                            /** @description Takes Web Push notifications */
                            push: boolean;
                            status: "active" | "blocked";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/me/devices/{id}/block": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Block a device: it approves nothing until unblocked */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            /** @description webauthn: the Podpis mobile app (a WebAuthn credential); authenticator: podpis-authenticator */
                            kind: "webauthn" | "authenticator";
                            lastUsedAt: string | null;
                            name: string;
                            platform: string | null;
                            /** @description Takes Web Push notifications */
                            push: boolean;
                            status: "active" | "blocked";
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/devices/{id}/unblock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Unblock a device */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: uuid */
                            id: string;
                            /** @description webauthn: the Podpis mobile app (a WebAuthn credential); authenticator: podpis-authenticator */
                            kind: "webauthn" | "authenticator";
                            lastUsedAt: string | null;
                            name: string;
                            platform: string | null;
                            /** @description Takes Web Push notifications */
                            push: boolean;
                            status: "active" | "blocked";
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/devices/enrolments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start enrolling a device: a one-time activation code and the link for the QR code (10 minutes) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description One-time, shown once: type it on the device if the QR code cannot be scanned */
                            activationCode: string;
                            /** Format: date-time */
                            expiresAt: string;
                            /** Format: uuid */
                            id: string;
                            /** @description What the QR code holds: the Podpis mobile address with the code in its fragment */
                            link: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/devices/enrolments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where my enrolment stands: pending, completed (with the device) or expired */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            device?: {
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: uuid */
                                id: string;
                                /** @description webauthn: the Podpis mobile app (a WebAuthn credential); authenticator: podpis-authenticator */
                                kind: "webauthn" | "authenticator";
                                lastUsedAt: string | null;
                                name: string;
                                platform: string | null;
                                /** @description Takes Web Push notifications */
                                push: boolean;
                                status: "active" | "blocked";
                            };
                            /** Format: date-time */
                            expiresAt?: string;
                            status: "pending" | "completed" | "expired";
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/oauth-grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The applications I allowed (OAuth grants), newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description How many CSC credential authorisations (hashes to sign) the grant carries */
                            authorizationDetails: number;
                            clientId: string;
                            clientName: string;
                            expiresAt: string | null;
                            /** Format: date-time */
                            grantedAt: string;
                            /** @description The grant’s id */
                            id: string;
                            /** @description When a token of the grant was last issued; null when none is left */
                            lastUsedAt: string | null;
                            scopes: string[];
                        }[];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/oauth-grants/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an application’s access: the grant and all its tokens end at once (its access tokens are refused on the next request) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/registration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * My registration data (as the operator, directory or HR filled it) and which fields I may correct
         * @description With a bearer token: needs the scope `certificates:read` (403 INSUFFICIENT_SCOPE otherwise).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Registration fields employees may correct themselves */
                            editableFields: ("surname" | "name" | "patronymic" | "commonName" | "title" | "organizationName" | "organizationalUnitName" | "street" | "locality" | "state" | "country" | "email" | "inn" | "innle" | "snils" | "ogrn" | "ogrnip" | "phone" | "department" | "region" | "address" | "position")[];
                            /** @description Registration data (fields of the qualified certificate subject plus contacts) */
                            profile: {
                                address?: string;
                                commonName?: string;
                                country?: string;
                                department?: string;
                                email?: string;
                                inn?: string;
                                innle?: string;
                                /** @description Who the qualified certificate is for: private person, employee of an organisation, entrepreneur, organisation */
                                kind: "person" | "employee" | "entrepreneur" | "legalEntity";
                                locality?: string;
                                name?: string;
                                ogrn?: string;
                                ogrnip?: string;
                                organizationalUnitName?: string;
                                organizationName?: string;
                                patronymic?: string;
                                phone?: string;
                                position?: string;
                                region?: string;
                                snils?: string;
                                state?: string;
                                street?: string;
                                surname?: string;
                                title?: string;
                            };
                            /** @description Where the data came from: directory and HR identities linked to the account */
                            sources: {
                                externalId: string;
                                source: string;
                            }[];
                            /** @description Quote it when correcting: a stale version → 409 CONCURRENT_EDIT */
                            version: number;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Correct my registration data: only the fields the administrator allows (403 PROFILE_FIELD_NOT_EDITABLE); kept in the history and the audit log
         * @description With a bearer token: needs the scope `certificates:renew` (403 INSUFFICIENT_SCOPE otherwise).
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Fields to change; null clears a field */
                        profile: {
                            address?: string | null;
                            commonName?: string | null;
                            country?: string | null;
                            department?: string | null;
                            email?: string | null;
                            inn?: string | null;
                            innle?: string | null;
                            /** @description Who the qualified certificate is for: private person, employee of an organisation, entrepreneur, organisation */
                            kind?: "person" | "employee" | "entrepreneur" | "legalEntity";
                            locality?: string | null;
                            name?: string | null;
                            ogrn?: string | null;
                            ogrnip?: string | null;
                            organizationalUnitName?: string | null;
                            organizationName?: string | null;
                            patronymic?: string | null;
                            phone?: string | null;
                            position?: string | null;
                            region?: string | null;
                            snils?: string | null;
                            state?: string | null;
                            street?: string | null;
                            surname?: string | null;
                            title?: string | null;
                        };
                        version: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Registration data (fields of the qualified certificate subject plus contacts) */
                            profile: {
                                address?: string;
                                commonName?: string;
                                country?: string;
                                department?: string;
                                email?: string;
                                inn?: string;
                                innle?: string;
                                /** @description Who the qualified certificate is for: private person, employee of an organisation, entrepreneur, organisation */
                                kind: "person" | "employee" | "entrepreneur" | "legalEntity";
                                locality?: string;
                                name?: string;
                                ogrn?: string;
                                ogrnip?: string;
                                organizationalUnitName?: string;
                                organizationName?: string;
                                patronymic?: string;
                                phone?: string;
                                position?: string;
                                region?: string;
                                snils?: string;
                                state?: string;
                                street?: string;
                                surname?: string;
                                title?: string;
                            };
                            version: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/me/renewal-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * My renewal requests, newest first
         * @description With a bearer token: needs the scope `certificates:read` (403 INSUFFICIENT_SCOPE otherwise).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            accountId: string;
                            comment: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            decidedBy: string | null;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            decidedByName: string | null;
                            decisionComment: string | null;
                            /** Format: uuid */
                            id: string;
                            login: string;
                            newSerial: string | null;
                            /** @description The certificate to renew */
                            serial: string;
                            status: "pending" | "approved" | "rejected";
                            subject: string;
                        }[];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/oauth-clients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The registered OAuth clients */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            authMethod: "client_secret_basic" | "client_secret_post" | "private_key_jwt";
                            clientId: string;
                            /** Format: date-time */
                            createdAt: string;
                            disabled: boolean;
                            grantTypes: ("authorization_code" | "refresh_token" | "client_credentials")[];
                            /** @description Public keys of a private_key_jwt client (ES256, PS256, RS256 or EdDSA) */
                            jwks?: {
                                keys: {
                                    [key: string]: unknown;
                                }[];
                            };
                            name: string;
                            redirectUris: string[];
                            scopes: string[];
                            /** Format: date-time */
                            updatedAt: string;
                        }[];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Register an OAuth client; its secret is in this answer only */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        authMethod?: "client_secret_basic" | "client_secret_post" | "private_key_jwt";
                        grantTypes: ("authorization_code" | "refresh_token" | "client_credentials")[];
                        /** @description Public keys of a private_key_jwt client (ES256, PS256, RS256 or EdDSA) */
                        jwks?: {
                            keys: {
                                [key: string]: unknown;
                            }[];
                        };
                        name: string;
                        redirectUris?: string[];
                        scopes: ("openid" | "profile" | "offline_access" | "certificates:read" | "keys:pin" | "certificates:renew" | "signing" | "encryption" | "decryption" | "webhooks" | "service" | "credential")[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            client: {
                                authMethod: "client_secret_basic" | "client_secret_post" | "private_key_jwt";
                                clientId: string;
                                /** Format: date-time */
                                createdAt: string;
                                disabled: boolean;
                                grantTypes: ("authorization_code" | "refresh_token" | "client_credentials")[];
                                /** @description Public keys of a private_key_jwt client (ES256, PS256, RS256 or EdDSA) */
                                jwks?: {
                                    keys: {
                                        [key: string]: unknown;
                                    }[];
                                };
                                name: string;
                                redirectUris: string[];
                                scopes: string[];
                                /** Format: date-time */
                                updatedAt: string;
                            };
                            /** @description Shown only now; store it in the client */
                            clientSecret?: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/oauth-clients/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One OAuth client */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            authMethod: "client_secret_basic" | "client_secret_post" | "private_key_jwt";
                            clientId: string;
                            /** Format: date-time */
                            createdAt: string;
                            disabled: boolean;
                            grantTypes: ("authorization_code" | "refresh_token" | "client_credentials")[];
                            /** @description Public keys of a private_key_jwt client (ES256, PS256, RS256 or EdDSA) */
                            jwks?: {
                                keys: {
                                    [key: string]: unknown;
                                }[];
                            };
                            name: string;
                            redirectUris: string[];
                            scopes: string[];
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete an OAuth client and its grants, tokens and webhook subscriptions */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change an OAuth client; disabling it or narrowing its grants or scopes revokes its tokens */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        disabled?: boolean;
                        grantTypes?: ("authorization_code" | "refresh_token" | "client_credentials")[];
                        /** @description Public keys of a private_key_jwt client (ES256, PS256, RS256 or EdDSA) */
                        jwks?: {
                            keys: {
                                [key: string]: unknown;
                            }[];
                        };
                        name?: string;
                        redirectUris?: string[];
                        scopes?: ("openid" | "profile" | "offline_access" | "certificates:read" | "keys:pin" | "certificates:renew" | "signing" | "encryption" | "decryption" | "webhooks" | "service" | "credential")[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            authMethod: "client_secret_basic" | "client_secret_post" | "private_key_jwt";
                            clientId: string;
                            /** Format: date-time */
                            createdAt: string;
                            disabled: boolean;
                            grantTypes: ("authorization_code" | "refresh_token" | "client_credentials")[];
                            /** @description Public keys of a private_key_jwt client (ES256, PS256, RS256 or EdDSA) */
                            jwks?: {
                                keys: {
                                    [key: string]: unknown;
                                }[];
                            };
                            name: string;
                            redirectUris: string[];
                            scopes: string[];
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/oauth-clients/{id}/secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new client secret (the old one stops working now); shown in this answer only */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            clientSecret: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/oauth/interactions/{uid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What an application asks the signed-in user to allow (the consent page) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    uid: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            authorizationDetails: {
                                credentialID: string;
                                documentDigests: {
                                    hash: string;
                                    label?: string;
                                }[];
                                hashAlgorithmOID: string;
                                locations?: string[];
                                signatureQualifier?: string;
                                /** @enum {string} */
                                type: "credential";
                            }[];
                            client: {
                                id: string;
                                name: string;
                            };
                            credentials: {
                                /** @description What approving needs: the key PIN, a device approval (or its offline code), or both */
                                confirmation: "none" | "pin" | "device" | "device+pin";
                                credentialID: string;
                                issuer: string;
                                subject: string;
                                /** Format: date-time */
                                validTo: string;
                            }[];
                            scopes: {
                                description: string;
                                scope: string;
                            }[];
                            uid: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/oauth/interactions/{uid}/consent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The user's answer; the page then sends the browser to `redirectTo` (back to the authorisation server)
         * @description A CSC signature request (`authorization_details` of type `credential`) is authorised on approval: `pin` (the key PIN) and/or `otp` (the offline code of the device) as the holder’s policy asks; without an OTP a device approval is asked on the device (409 DEVICE_APPROVAL_REQUIRED), then answer again. A refusal keeps the request open.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    uid: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        approve: boolean;
                        otp?: string;
                        pin?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            redirectTo: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/operators": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Operators and administrators */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** @description Who created the account: operator:<id>, admin:<id>, system, cli:<user> */
                            createdBy: string;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            createdByName: string | null;
                            displayName: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description Set while locked after too many wrong passwords */
                            lockedUntil: string | null;
                            login: string;
                            mustChangePassword: boolean;
                            role: "admin" | "operator" | "user";
                            status: "active" | "locked" | "disabled";
                        }[];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Register an operator or administrator account (authenticates by a client certificate issued afterwards) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        displayName?: string;
                        /** @description 3–64 Latin letters, digits and . _ @ -; unique regardless of letter case */
                        login: string;
                        /** @default operator */
                        role?: "operator" | "admin";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** @description Who created the account: operator:<id>, admin:<id>, system, cli:<user> */
                            createdBy: string;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            createdByName: string | null;
                            displayName: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description Set while locked after too many wrong passwords */
                            lockedUntil: string | null;
                            login: string;
                            mustChangePassword: boolean;
                            role: "admin" | "operator" | "user";
                            status: "active" | "locked" | "disabled";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description PROFILE_INVALID, LOGIN_INVALID or PASSWORD_POLICY */
                            code: string;
                            detail: string;
                            /** @description Every problem of the registration form, by field (PROFILE_INVALID) */
                            errors?: {
                                code: string;
                                field: string;
                                message: string;
                            }[];
                            instance: string;
                            requestId: string;
                            status: number;
                            title: string;
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/operators/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename an operator or administrator (null or '' removes the name) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        displayName: string | null;
                        /** @description The name the editor read (null: none); if another administrator renamed the account since → 409 CONCURRENT_EDIT */
                        expectedDisplayName?: string | null;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** @description Who created the account: operator:<id>, admin:<id>, system, cli:<user> */
                            createdBy: string;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            createdByName: string | null;
                            displayName: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description Set while locked after too many wrong passwords */
                            lockedUntil: string | null;
                            login: string;
                            mustChangePassword: boolean;
                            role: "admin" | "operator" | "user";
                            status: "active" | "locked" | "disabled";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/operators/{id}/client-certificate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue an operator's client certificate: the PKCS#12 and its password are returned once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The PKCS#12 password, shown only now */
                            password: string;
                            /** @description PKCS#12 (base64) with the key, certificate and CA certificate */
                            pkcs12: string;
                            serial: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/operators/{id}/client-certificate/{serial}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revoke an operator's client certificate: it stops working at once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    serial: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            serial: string;
                            status: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/operators/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable an operator or administrator (one who left): refused until enabled again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** @description Who created the account: operator:<id>, admin:<id>, system, cli:<user> */
                            createdBy: string;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            createdByName: string | null;
                            displayName: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description Set while locked after too many wrong passwords */
                            lockedUntil: string | null;
                            login: string;
                            mustChangePassword: boolean;
                            role: "admin" | "operator" | "user";
                            status: "active" | "locked" | "disabled";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/operators/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable a disabled operator or administrator again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** @description Who created the account: operator:<id>, admin:<id>, system, cli:<user> */
                            createdBy: string;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            createdByName: string | null;
                            displayName: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description Set while locked after too many wrong passwords */
                            lockedUntil: string | null;
                            login: string;
                            mustChangePassword: boolean;
                            role: "admin" | "operator" | "user";
                            status: "active" | "locked" | "disabled";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/operators/{id}/lock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Lock an operator or administrator: the client certificate is refused until unlocked */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** @description Who created the account: operator:<id>, admin:<id>, system, cli:<user> */
                            createdBy: string;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            createdByName: string | null;
                            displayName: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description Set while locked after too many wrong passwords */
                            lockedUntil: string | null;
                            login: string;
                            mustChangePassword: boolean;
                            role: "admin" | "operator" | "user";
                            status: "active" | "locked" | "disabled";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/operators/{id}/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Unlock an operator or administrator (a disabled account stays disabled) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** @description Who created the account: operator:<id>, admin:<id>, system, cli:<user> */
                            createdBy: string;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            createdByName: string | null;
                            displayName: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description Set while locked after too many wrong passwords */
                            lockedUntil: string | null;
                            login: string;
                            mustChangePassword: boolean;
                            role: "admin" | "operator" | "user";
                            status: "active" | "locked" | "disabled";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/profiles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Certificate profiles: the CA each is issued by, key algorithms, validity, key usage, EKU, policies, subject rules */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Whether the CA it names exists in this installation (always true for the others) */
                            available: boolean;
                            /** @description basicConstraints of a CA certificate; null for end-entity certificates */
                            ca: {
                                pathLength?: number;
                            } | null;
                            extendedKeyUsage: {
                                name: string;
                                oid: string;
                            }[];
                            extendedKeyUsageCritical: boolean;
                            /** @description Further extensions; CRL distribution points, freshestCRL, AIA, AKI and SKI come from the CA */
                            extensions: {
                                name: string;
                                oid: string;
                                value: string | null;
                            }[];
                            id: string;
                            /** @description Which CA signs: that CA (authority), the CA it serves (each CA's OCSP responder), a new CA's parent, or its own key (a root) */
                            issuer: {
                                authorityId: string;
                                /** @enum {string} */
                                type: "authority";
                            } | {
                                /** @enum {string} */
                                type: "served";
                            } | {
                                /** @enum {string} */
                                type: "parent";
                            } | {
                                /** @enum {string} */
                                type: "self";
                            };
                            /** @description The keys it certifies; the first is the default for a key the server generates */
                            keyAlgorithms: ("gost256" | "gost512" | "ecdsa-p256" | "ecdsa-p384" | "rsa2048" | "rsa3072" | "rsa4096")[];
                            keyUsage: string[];
                            policies: {
                                name: string;
                                oid: string;
                            }[];
                            purpose: "ca" | "qualified" | "user" | "client" | "server" | "ocsp" | "tsa" | "audit";
                            /** @description qualified: the holder's data checked by the qualified rules for that kind of holder (INN, INNLE, SNILS, OGRN, OGRNIP); registration: the holder's data as registered; server: a name the server sets */
                            subject: {
                                kind: "person" | "employee" | "entrepreneur" | "legalEntity";
                                /** @enum {string} */
                                type: "qualified";
                            } | {
                                /** @enum {string} */
                                type: "registration";
                            } | {
                                /** @enum {string} */
                                type: "server";
                            };
                            title: {
                                en: string;
                                ru: string;
                            };
                            validity: {
                                defaultDays: number;
                                maxDays: number;
                            };
                        }[];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/recipients": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Users' certificates to encrypt to, by a part of the holder's name or organisation, or a serial: valid now, not revoked or suspended, fit for encryption (keyEncipherment or keyAgreement). At least 2 characters; at most 20 answers, ordered by subject
         * @description With a bearer token: needs the scope `encryption` (403 INSUFFICIENT_SCOPE otherwise).
         */
        get: {
            parameters: {
                query: {
                    /** @description 1..20, default 10 */
                    limit?: string;
                    /** @description A part of the holder's name or organisation as the certificate states it, or a serial (hex) */
                    search: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            algorithm: ("gost256" | "gost512" | "ecdsa-p256" | "ecdsa-p384" | "rsa2048" | "rsa3072" | "rsa4096") | null;
                            /** @description The holder's name (the certificate's commonName) */
                            name: string;
                            /** Format: date-time */
                            notAfter: string;
                            /** Format: date-time */
                            notBefore: string;
                            organization: string | null;
                            /** @description What POST /encryptions takes as a recipient `serial` */
                            serial: string;
                            subject: string;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/renewal-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Renewal requests of all users, newest first (at most 500), by status */
        get: {
            parameters: {
                query?: {
                    status?: "pending" | "approved" | "rejected";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            accountId: string;
                            comment: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            decidedBy: string | null;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            decidedByName: string | null;
                            decisionComment: string | null;
                            /** Format: uuid */
                            id: string;
                            login: string;
                            newSerial: string | null;
                            /** @description The certificate to renew */
                            serial: string;
                            status: "pending" | "approved" | "rejected";
                            subject: string;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/renewal-requests/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve: renew the certificate (a new key under a temporary PIN for the holder to change); two approvals at once → one wins, the other 409 RENEWAL_ALREADY_DECIDED */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The subject GET …/renewal-preview showed, which the operator confirmed; when the holder's registration data changed since → 409 CONCURRENT_EDIT and nothing is issued */
                        expectedSubject?: string;
                        /** @description The new key's PIN, 6 to 128 characters; required unless the old key signs without confirmation (key.confirmation none), whose renewal is a key without a PIN again (400 KEY_PIN_NOT_APPLICABLE for a PIN) */
                        pin?: string;
                        /** @description Key PIN; 6 to 128 characters (400 KEY_PIN_INVALID otherwise) */
                        pinConfirmation?: string;
                        /** @description Revoke the old certificate as superseded */
                        revokeOld?: boolean;
                        /** @description Default 365 */
                        validityDays?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            certificate: {
                                accountId: string | null;
                                caId: string;
                                /** Format: date-time */
                                notAfter: string;
                                /** Format: date-time */
                                notBefore: string;
                                revocationReason: string | null;
                                revokedAt: string | null;
                                serial: string;
                                /** @description The status badge; expired is derived from the validity */
                                status: "valid" | "suspended" | "revoked" | "expired";
                                subject: string;
                            };
                            request: {
                                /** Format: uuid */
                                accountId: string;
                                comment: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                decidedAt: string | null;
                                decidedBy: string | null;
                                /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                                decidedByName: string | null;
                                decisionComment: string | null;
                                /** Format: uuid */
                                id: string;
                                login: string;
                                newSerial: string | null;
                                /** @description The certificate to renew */
                                serial: string;
                                status: "pending" | "approved" | "rejected";
                                subject: string;
                            };
                            revoked: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/renewal-requests/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject with a reason the holder sees */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            accountId: string;
                            comment: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            decidedAt: string | null;
                            decidedBy: string | null;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            decidedByName: string | null;
                            decisionComment: string | null;
                            /** Format: uuid */
                            id: string;
                            login: string;
                            newSerial: string | null;
                            /** @description The certificate to renew */
                            serial: string;
                            status: "pending" | "approved" | "rejected";
                            subject: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/second-factor-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Which roles must sign in with a second factor */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            roles: {
                                required: boolean;
                                role: string;
                                updatedAt: string | null;
                                updatedBy: string | null;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/second-factor-policy/{role}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Require (or stop requiring) a second factor of a role, from its next sign-in */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    role: "user";
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        required: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            required: boolean;
                            role: string;
                            updatedAt: string | null;
                            updatedBy: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/self-service-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What employees may do themselves: the fields they correct, the HR-match auto-approval */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Approve a request at once when the account's HR record (an `hr` identity's data) equals its registration data in every certificate field */
                            autoApproveHrMatch: boolean;
                            /** @description Registration fields employees may correct themselves */
                            editableFields: ("surname" | "name" | "patronymic" | "commonName" | "title" | "organizationName" | "organizationalUnitName" | "street" | "locality" | "state" | "country" | "email" | "inn" | "innle" | "snils" | "ogrn" | "ogrnip" | "phone" | "department" | "region" | "address" | "position")[];
                            updatedAt: string | null;
                            updatedBy: string | null;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /** Set the self-service policy (audited with the values before and after) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        autoApproveHrMatch: boolean;
                        /** @description Registration fields employees may correct themselves */
                        editableFields: ("surname" | "name" | "patronymic" | "commonName" | "title" | "organizationName" | "organizationalUnitName" | "street" | "locality" | "state" | "country" | "email" | "inn" | "innle" | "snils" | "ogrn" | "ogrnip" | "phone" | "department" | "region" | "address" | "position")[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Approve a request at once when the account's HR record (an `hr` identity's data) equals its registration data in every certificate field */
                            autoApproveHrMatch: boolean;
                            /** @description Registration fields employees may correct themselves */
                            editableFields: ("surname" | "name" | "patronymic" | "commonName" | "title" | "organizationName" | "organizationalUnitName" | "street" | "locality" | "state" | "country" | "email" | "inn" | "innle" | "snils" | "ogrn" | "ogrnip" | "phone" | "department" | "region" | "address" | "position")[];
                            updatedAt: string | null;
                            updatedBy: string | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is logged in */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accountId: string;
                            login: string;
                            /** @description session or token */
                            method: string;
                            mustChangePassword: boolean;
                            role: string;
                            scopes?: string[];
                            secondFactorEnrolmentRequired: boolean;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Log in with login and password; sets the podpis_session cookie and returns the CSRF token
         * @description When the account has a second factor, no session is made yet: the answer has `secondFactorRequired: true`, the methods and a pending token for POST /api/v1/session/second-factor.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        login: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            account: {
                                id: string;
                                login: string;
                                role: string;
                            };
                            /** @description Send it in X-CSRF-Token with every state-changing request */
                            csrfToken: string;
                            /** Format: date-time */
                            expiresAt: string;
                            /** @description If true, only POST /api/v1/session/password is allowed */
                            mustChangePassword: boolean;
                            /** @description If true, the role requires a second factor the account has not enrolled: only enrolment (/api/v1/session/second-factor/…) is allowed */
                            secondFactorEnrolmentRequired: boolean;
                            /** @enum {boolean} */
                            secondFactorRequired: false;
                        } | {
                            /** Format: date-time */
                            expiresAt: string;
                            methods: ("totp" | "webauthn" | "recovery-code" | "device")[];
                            /** @description Send it to POST /api/v1/session/second-factor with the code or key; valid 5 minutes, once */
                            pendingToken: string;
                            /** @enum {boolean} */
                            secondFactorRequired: true;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /** Log out: ends the session */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/certificate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with the TLS client certificate (operators and administrators); ends an earlier sign-out
         * @description A certificate whose holder signed out (DELETE /api/v1/session/certificate) is refused with CLIENT_CERTIFICATE_SIGNED_OUT until this explicit sign-in, since a browser keeps presenting a chosen certificate until it is closed.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accountId: string;
                            login: string;
                            role: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /**
         * Sign out an operator or administrator: the client certificate is refused until signed in again
         * @description The browser forgets the chosen certificate only when it is closed; until then every request with it answers 401 CLIENT_CERTIFICATE_SIGNED_OUT.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change your password (required after a temporary one); other sessions and your API tokens end
         * @description Wrong current passwords count towards the account lock as at login (423 ACCOUNT_LOCKED ends this session). Your API tokens are revoked unless `keepApiTokens` is true.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Keep your API tokens working (default false: they are revoked, as a password change usually answers a suspected compromise) */
                        keepApiTokens?: boolean;
                        newPassword: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description PROFILE_INVALID, LOGIN_INVALID or PASSWORD_POLICY */
                            code: string;
                            detail: string;
                            /** @description Every problem of the registration form, by field (PROFILE_INVALID) */
                            errors?: {
                                code: string;
                                field: string;
                                message: string;
                            }[];
                            instance: string;
                            requestId: string;
                            status: number;
                            title: string;
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/second-factor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your second factors: authenticator app, security keys, recovery codes left, whether one is required */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            methods: string[];
                            recoveryCodesLeft: number;
                            required: boolean;
                            totp: boolean;
                            webauthn: {
                                /** Format: date-time */
                                createdAt: string;
                                id: string;
                                lastUsedAt: string | null;
                                name: string;
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Second step of a login: the pending token and one proof; sets the session cookie
         * @description Exactly one of `code` (authenticator app), `recoveryCode`, `webauthn` (the answer to the options of POST /api/v1/session/second-factor/webauthn-options) and `device: true` (the sign-in was approved on a device, POST /api/v1/session/second-factor/device). A wrong proof, or a sign-in declined on the device (401 SECOND_FACTOR_DECLINED), counts as a wrong password: enough of them lock the account. 409 SECOND_FACTOR_PENDING while the device has not decided.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code?: string;
                        /** @enum {boolean} */
                        device?: true;
                        pendingToken: string;
                        recoveryCode?: string;
                        webauthn?: {
                            authenticatorAttachment?: "cross-platform" | "platform";
                            clientExtensionResults: {
                                appid?: boolean;
                                credProps?: {
                                    rk?: boolean;
                                };
                                hmacCreateSecret?: boolean;
                            };
                            id: string;
                            rawId: string;
                            response: {
                                authenticatorData: string;
                                clientDataJSON: string;
                                signature: string;
                                userHandle?: string;
                            };
                            /** @enum {string} */
                            type: "public-key";
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            account: {
                                id: string;
                                login: string;
                                role: string;
                            };
                            /** @description Send it in X-CSRF-Token with every state-changing request */
                            csrfToken: string;
                            /** Format: date-time */
                            expiresAt: string;
                            /** @description If true, only POST /api/v1/session/password is allowed */
                            mustChangePassword: boolean;
                            /** @description If true, the role requires a second factor the account has not enrolled: only enrolment (/api/v1/session/second-factor/…) is allowed */
                            secondFactorEnrolmentRequired: boolean;
                            /** @enum {boolean} */
                            secondFactorRequired: false;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/second-factor/device": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a pending login to the user's devices for approval, or see how the approval stands
         * @description The first call asks the devices (one approval per login); later ones report it, so the browser polls here (no login attempt is spent). `approved`: finish with POST /api/v1/session/second-factor `{ pendingToken, device: true }`. A decline ends the login (401 SECOND_FACTOR_DECLINED, counted as a wrong password); 409 DEVICE_REQUIRED without an active device.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        pendingToken: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            expiresAt: string;
                            status: "pending" | "approved";
                            /** @description The four digits the device shows too */
                            verificationCode: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/second-factor/recovery-codes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new set of recovery codes (shown once); the old ones stop working */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Shown once: each signs in once in place of a code; only their hashes are kept */
                            recoveryCodes: string[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/second-factor/totp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start enrolling an authenticator app: a new secret and its otpauth:// URI (shown once) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description base32, for typing into the app by hand */
                            secret: string;
                            /** @description otpauth:// URI to show as a QR code */
                            uri: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /** Disable the authenticator app (asks for the password again) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/second-factor/totp/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Finish enrolling the authenticator app with a current code; the first factor brings recovery codes */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Shown once: each signs in once in place of a code; only their hashes are kept */
                            recoveryCodes?: string[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/second-factor/webauthn": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Register a security key or passkey with the browser's answer; the first factor brings recovery codes */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        response: {
                            authenticatorAttachment?: "cross-platform" | "platform";
                            clientExtensionResults: {
                                appid?: boolean;
                                credProps?: {
                                    rk?: boolean;
                                };
                                hmacCreateSecret?: boolean;
                            };
                            id: string;
                            rawId: string;
                            response: {
                                attestationObject: string;
                                authenticatorData?: string;
                                clientDataJSON: string;
                                publicKey?: string;
                                publicKeyAlgorithm?: number;
                                transports?: string[];
                            };
                            /** @enum {string} */
                            type: "public-key";
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @description Shown once: each signs in once in place of a code; only their hashes are kept */
                            recoveryCodes?: string[];
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/second-factor/webauthn-options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Options for navigator.credentials.get in a pending login (a new challenge each time) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        pendingToken: string;
                    };
                };
            };
            responses: {
                /** @description PublicKeyCredentialCreationOptionsJSON or …RequestOptionsJSON */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            challenge: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/second-factor/webauthn/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove one of your security keys (asks for the password again) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/second-factor/webauthn/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Options for navigator.credentials.create: register a security key or passkey */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description PublicKeyCredentialCreationOptionsJSON or …RequestOptionsJSON */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            challenge: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a bearer API token (returned once) for an integration
         * @description A route called with the token answers 403 INSUFFICIENT_SCOPE (with `requiredScope`) unless the token has the scope the route names.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default 90 */
                        expiresInDays?: number;
                        name: string;
                        /** @description What the token may do: `certificates:read`: list, view and download your certificates; `keys:pin`: change the PIN of your certificates' keys; `certificates:renew`: ask an operator to renew your certificates; `signing`: sign documents and digests with your certificates' keys (each signature still needs your confirmation: the key PIN or an approval on your device); `encryption`: encrypt messages to certificates; `decryption`: decrypt messages with your certificates' keys (each decryption still needs your confirmation: the key PIN or an approval on your device); `webhooks`: manage your webhook subscriptions, which hear of events about your own certificates and operations */
                        scopes: ("certificates:read" | "keys:pin" | "certificates:renew" | "signing" | "encryption" | "decryption" | "webhooks")[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            expiresAt: string;
                            id: string;
                            name: string;
                            scopes: string[];
                            /** @description Shown once: send it as `Authorization: Bearer <token>` */
                            token: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke one of your API tokens */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/signing-operations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * My signing operations, newest first, filtered by status, format, certificate and time
         * @description With a bearer token: needs the scope `signing` (403 INSUFFICIENT_SCOPE otherwise).
         */
        get: {
            parameters: {
                query?: {
                    /** @description Serial (hex) */
                    certificate?: string;
                    /** @description raw: the key's own signature of each digest (GOST R 34.10-2012, ECDSA DER, RSA PKCS#1 v1.5 or PSS as the key is made); cades: CMS SignedData per CAdES with signingTime and signingCertificateV2, the signer's certificate and CA chain included; xades: XMLDSig or XAdES (enveloped in the XML document given as content, enveloping, or detached); pades: the PDF (given as content) signed in an incremental update, PAdES baseline, optionally with a visible stamp (see parameters) */
                    format?: "raw" | "cades" | "xades" | "pades";
                    /** @description Created at or after */
                    from?: string;
                    /** @description 1..200, default 50 */
                    limit?: string;
                    /** @description default 0 */
                    offset?: string;
                    status?: "awaiting_confirmation" | "completed" | "failed" | "cancelled" | "expired";
                    /** @description Created before */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Newest first, one page */
                            operations: {
                                certificate: string;
                                confirmationMethod?: string;
                                /** @description How the operation may be confirmed now (empty once it is not awaiting confirmation) */
                                confirmationMethods: ("pin" | "device" | "device+pin")[];
                                /** Format: date-time */
                                confirmedAt?: string;
                                /** Format: date-time */
                                createdAt: string;
                                /** @description The operation's approval on the holder's device, when it needs one */
                                device?: {
                                    /** Format: date-time */
                                    approvedUntil?: string;
                                    /** Format: date-time */
                                    decidedAt?: string;
                                    device?: {
                                        id: string;
                                        name: string;
                                    };
                                    /** @description The offline QR code's text (PODPIS-OFFLINE-1:…) */
                                    offline: string;
                                    remainingOfflineAttempts: number;
                                    /** @description pending: awaiting the device; used: the key signed under it; refused: too many wrong offline codes */
                                    status: "pending" | "approved" | "declined" | "used" | "refused";
                                    /** @description Four digits the device shows too: the same operation */
                                    verificationCode: string;
                                    via?: "online" | "offline";
                                };
                                documents: {
                                    digest: string;
                                    digestAlgorithm: string;
                                    name: string;
                                    size?: number;
                                }[];
                                /** Format: date-time */
                                expiresAt: string;
                                /** @description raw: the key's own signature of each digest (GOST R 34.10-2012, ECDSA DER, RSA PKCS#1 v1.5 or PSS as the key is made); cades: CMS SignedData per CAdES with signingTime and signingCertificateV2, the signer's certificate and CA chain included; xades: XMLDSig or XAdES (enveloped in the XML document given as content, enveloping, or detached); pades: the PDF (given as content) signed in an incremental update, PAdES baseline, optionally with a visible stamp (see parameters) */
                                format: "raw" | "cades" | "xades" | "pades";
                                /** Format: uuid */
                                id: string;
                                /** @description The parameters in force, defaults filled in */
                                parameters: {
                                    [key: string]: unknown;
                                };
                                /** @description Completed: the URL of each document's signature, in order */
                                results?: string[];
                                status: "awaiting_confirmation" | "completed" | "failed" | "cancelled" | "expired";
                            }[];
                            /** @description How many operations match in all */
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a signing operation: documents (digests, or small documents), one of my certificates, the format; nothing is signed until I confirm it
         * @description With a bearer token: needs the scope `signing` (403 INSUFFICIENT_SCOPE otherwise).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Serial (hex) of one of my certificates */
                        certificate: string;
                        documents: {
                            /**
                             * Format: byte
                             * @description A small document itself (base64), instead of digest: hashed by the server, and kept until confirmation only when the signature carries it (attached CAdES)
                             */
                            content?: string;
                            /** @description Hash signing: the document's digest (hex) made with the key's digest algorithm (Streebog-256/512 for GOST, SHA-256 for RSA and P-256); the document never reaches the server */
                            digest?: string;
                            /** @description OID of the digest algorithm; when given it must be the key's (422 otherwise) */
                            digestAlgorithm?: string;
                            /**
                             * Format: uuid
                             * @description One of my uploaded documents (POST /api/v1/documents), instead of digest or content: its digest with the key’s algorithm is signed; an attached CAdES result carries it, streamed as it is downloaded
                             */
                            document?: string;
                            /** @description The document as people know it */
                            name: string;
                            /**
                             * Format: byte
                             * @description CAdES co-sign and counter-sign: the existing CMS SignedData (DER, base64) to add to. For an attached one the document needs no digest; for a detached co-signature give the digest or content of the document it signs
                             */
                            signature?: string;
                            /** @description Its size in bytes, for the evidence */
                            size?: number;
                        }[];
                        /** @description Seconds until it expires unconfirmed (600) */
                        expiresIn?: number;
                        /** @description raw: the key's own signature of each digest (GOST R 34.10-2012, ECDSA DER, RSA PKCS#1 v1.5 or PSS as the key is made); cades: CMS SignedData per CAdES with signingTime and signingCertificateV2, the signer's certificate and CA chain included; xades: XMLDSig or XAdES (enveloped in the XML document given as content, enveloping, or detached); pades: the PDF (given as content) signed in an incremental update, PAdES baseline, optionally with a visible stamp (see parameters) */
                        format: "raw" | "cades" | "xades" | "pades";
                        /** @description The format's parameters; its defaults when absent */
                        parameters?: {
                            /** @description XAdES: exclusive C14N (default) or C14N 1.0 */
                            canonicalization?: "exc-c14n" | "c14n";
                            /** @description CAdES: leave the content out (true, default) or carry it (false: the document must give its content) */
                            detached?: boolean;
                            /** @description CAdES: BES (default); T adds our TSA's signature time stamp; XLT1 (X Long Type 1) adds complete certificate and revocation references, the CAdES-C time stamp, and the certificate and revocation values (OCSP for the signer, CRLs for the CAs). PAdES: B-B (default) or B-T (with our TSA's signature time stamp). XAdES: xmldsig, xades-bes (default) or xades-t */
                            level?: "xmldsig" | "xades-bes" | "xades-t" | "BES" | "T" | "XLT1" | "B-B" | "B-T";
                            /** @description PAdES: where it was signed (/Location) */
                            location?: string;
                            /** @description CAdES: sign (default) makes a new SignedData; co-sign adds a parallel signer to each document's `signature`; counter-sign countersigns one of its signers (level BES). XAdES: enveloped (default; the document is XML), enveloping or detached */
                            mode?: "sign" | "co-sign" | "counter-sign" | "enveloped" | "enveloping" | "detached";
                            /** @description PAdES: the reason for signing (/Reason) */
                            reason?: string;
                            /** @description counter-sign: which signer (0 = the first) */
                            signerIndex?: number;
                            /** @description PAdES: a visible stamp "Документ подписан электронной подписью" with the certificate serial, owner and validity */
                            stamp?: {
                                /** @description Points (80) */
                                height?: number;
                                /** @description ru (default) or en */
                                language?: "ru" | "en";
                                /** @description 0-based; negative from the end (-1, the default: the last page) */
                                page?: number;
                                /** @description Points (270) */
                                width?: number;
                                /** @description Lower-left corner from the left edge, PDF points (36) */
                                x?: number;
                                /** @description Lower-left corner from the bottom edge, PDF points (36) */
                                y?: number;
                            };
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            certificate: string;
                            confirmationMethod?: string;
                            /** @description How the operation may be confirmed now (empty once it is not awaiting confirmation) */
                            confirmationMethods: ("pin" | "device" | "device+pin")[];
                            /** Format: date-time */
                            confirmedAt?: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description The operation's approval on the holder's device, when it needs one */
                            device?: {
                                /** Format: date-time */
                                approvedUntil?: string;
                                /** Format: date-time */
                                decidedAt?: string;
                                device?: {
                                    id: string;
                                    name: string;
                                };
                                /** @description The offline QR code's text (PODPIS-OFFLINE-1:…) */
                                offline: string;
                                remainingOfflineAttempts: number;
                                /** @description pending: awaiting the device; used: the key signed under it; refused: too many wrong offline codes */
                                status: "pending" | "approved" | "declined" | "used" | "refused";
                                /** @description Four digits the device shows too: the same operation */
                                verificationCode: string;
                                via?: "online" | "offline";
                            };
                            documents: {
                                digest: string;
                                digestAlgorithm: string;
                                name: string;
                                size?: number;
                            }[];
                            /** Format: date-time */
                            expiresAt: string;
                            /** @description raw: the key's own signature of each digest (GOST R 34.10-2012, ECDSA DER, RSA PKCS#1 v1.5 or PSS as the key is made); cades: CMS SignedData per CAdES with signingTime and signingCertificateV2, the signer's certificate and CA chain included; xades: XMLDSig or XAdES (enveloped in the XML document given as content, enveloping, or detached); pades: the PDF (given as content) signed in an incremental update, PAdES baseline, optionally with a visible stamp (see parameters) */
                            format: "raw" | "cades" | "xades" | "pades";
                            /** Format: uuid */
                            id: string;
                            /** @description The parameters in force, defaults filled in */
                            parameters: {
                                [key: string]: unknown;
                            };
                            /** @description Completed: the URL of each document's signature, in order */
                            results?: string[];
                            status: "awaiting_confirmation" | "completed" | "failed" | "cancelled" | "expired";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/signing-operations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One of my signing operations: its documents, status and, once completed, its results
         * @description With a bearer token: needs the scope `signing` (403 INSUFFICIENT_SCOPE otherwise).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            certificate: string;
                            confirmationMethod?: string;
                            /** @description How the operation may be confirmed now (empty once it is not awaiting confirmation) */
                            confirmationMethods: ("pin" | "device" | "device+pin")[];
                            /** Format: date-time */
                            confirmedAt?: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description The operation's approval on the holder's device, when it needs one */
                            device?: {
                                /** Format: date-time */
                                approvedUntil?: string;
                                /** Format: date-time */
                                decidedAt?: string;
                                device?: {
                                    id: string;
                                    name: string;
                                };
                                /** @description The offline QR code's text (PODPIS-OFFLINE-1:…) */
                                offline: string;
                                remainingOfflineAttempts: number;
                                /** @description pending: awaiting the device; used: the key signed under it; refused: too many wrong offline codes */
                                status: "pending" | "approved" | "declined" | "used" | "refused";
                                /** @description Four digits the device shows too: the same operation */
                                verificationCode: string;
                                via?: "online" | "offline";
                            };
                            documents: {
                                digest: string;
                                digestAlgorithm: string;
                                name: string;
                                size?: number;
                            }[];
                            /** Format: date-time */
                            expiresAt: string;
                            /** @description raw: the key's own signature of each digest (GOST R 34.10-2012, ECDSA DER, RSA PKCS#1 v1.5 or PSS as the key is made); cades: CMS SignedData per CAdES with signingTime and signingCertificateV2, the signer's certificate and CA chain included; xades: XMLDSig or XAdES (enveloped in the XML document given as content, enveloping, or detached); pades: the PDF (given as content) signed in an incremental update, PAdES baseline, optionally with a visible stamp (see parameters) */
                            format: "raw" | "cades" | "xades" | "pades";
                            /** Format: uuid */
                            id: string;
                            /** @description The parameters in force, defaults filled in */
                            parameters: {
                                [key: string]: unknown;
                            };
                            /** @description Completed: the URL of each document's signature, in order */
                            results?: string[];
                            status: "awaiting_confirmation" | "completed" | "failed" | "cancelled" | "expired";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Cancel a signing operation awaiting confirmation
         * @description With a bearer token: needs the scope `signing` (403 INSUFFICIENT_SCOPE otherwise).
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/signing-operations/{id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm a signing operation with the key PIN: the key signs exactly the digests fixed at creation. A wrong PIN → 403 KEY_PIN_WRONG (the operation still awaits), then 423 KEY_LOCKED; 409 when completed or cancelled, 410 when expired
         * @description With a bearer token: needs the scope `signing` (403 INSUFFICIENT_SCOPE otherwise).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            /** @description The operation's confirmationMethods[0] with what it needs: pin → pin; device+pin → pin after the device approved (or with code); device → code (an online approval completes the operation by itself) */
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The eight-digit offline code the holder's device showed for this operation */
                        code?: string;
                        /** @description pin: the key PIN; device: an approval on the holder's enrolled device (online, or its offline code); device+pin: both */
                        method: "pin" | "device" | "device+pin";
                        /** @description Key PIN; 6 to 128 characters (400 KEY_PIN_INVALID otherwise) */
                        pin?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            certificate: string;
                            confirmationMethod?: string;
                            /** @description How the operation may be confirmed now (empty once it is not awaiting confirmation) */
                            confirmationMethods: ("pin" | "device" | "device+pin")[];
                            /** Format: date-time */
                            confirmedAt?: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description The operation's approval on the holder's device, when it needs one */
                            device?: {
                                /** Format: date-time */
                                approvedUntil?: string;
                                /** Format: date-time */
                                decidedAt?: string;
                                device?: {
                                    id: string;
                                    name: string;
                                };
                                /** @description The offline QR code's text (PODPIS-OFFLINE-1:…) */
                                offline: string;
                                remainingOfflineAttempts: number;
                                /** @description pending: awaiting the device; used: the key signed under it; refused: too many wrong offline codes */
                                status: "pending" | "approved" | "declined" | "used" | "refused";
                                /** @description Four digits the device shows too: the same operation */
                                verificationCode: string;
                                via?: "online" | "offline";
                            };
                            documents: {
                                digest: string;
                                digestAlgorithm: string;
                                name: string;
                                size?: number;
                            }[];
                            /** Format: date-time */
                            expiresAt: string;
                            /** @description raw: the key's own signature of each digest (GOST R 34.10-2012, ECDSA DER, RSA PKCS#1 v1.5 or PSS as the key is made); cades: CMS SignedData per CAdES with signingTime and signingCertificateV2, the signer's certificate and CA chain included; xades: XMLDSig or XAdES (enveloped in the XML document given as content, enveloping, or detached); pades: the PDF (given as content) signed in an incremental update, PAdES baseline, optionally with a visible stamp (see parameters) */
                            format: "raw" | "cades" | "xades" | "pades";
                            /** Format: uuid */
                            id: string;
                            /** @description The parameters in force, defaults filled in */
                            parameters: {
                                [key: string]: unknown;
                            };
                            /** @description Completed: the URL of each document's signature, in order */
                            results?: string[];
                            status: "awaiting_confirmation" | "completed" | "failed" | "cancelled" | "expired";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description KEY_PIN_WRONG, or INSUFFICIENT_SCOPE / FORBIDDEN */
                            code: string;
                            detail: string;
                            instance: string;
                            /** @description KEY_PIN_WRONG: wrong PINs still allowed; 0 means the key is now locked (423 KEY_LOCKED next) */
                            remainingAttempts?: number;
                            requestId: string;
                            status: number;
                            title: string;
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                423: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/signing-operations/{id}/evidence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The evidence package of one of my operations: who signed what (names, sizes, digests), when, with which key and certificate, how it was confirmed, with its audit records; signed by the audit key and time-stamped. Check it offline with `podpis evidence verify`
         * @description With a bearer token: needs the scope `signing` (403 INSUFFICIENT_SCOPE otherwise).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description format podpis-evidence/1: { format, evidence, signature (CMS, base64), chain } */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/signing-operations/{id}/evidence.pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A printable summary of the evidence of one of my operations (PDF, Russian or English)
         * @description With a bearer token: needs the scope `signing` (403 INSUFFICIENT_SCOPE otherwise).
         */
        get: {
            parameters: {
                query?: {
                    lang?: "ru" | "en";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/signing-operations/{id}/results/{index}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signature of one document of a completed operation, by its index: application/pkcs7-signature (detached CAdES, DER), application/pkcs7-mime (attached, co- or counter-signed CAdES) or application/octet-stream (raw)
         * @description With a bearer token: needs the scope `signing` (403 INSUFFICIENT_SCOPE otherwise).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    /** @description From 0, in the order of the documents */
                    index: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/trusted-roots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The root certificates of other CAs that verification trusts besides our own root CAs */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description DER, base64 */
                            certificate: string;
                            /** @description SHA-256 of the certificate (hex) */
                            fingerprint: string;
                            /** Format: date-time */
                            importedAt: string;
                            importedBy: string;
                            /** Format: date-time */
                            notAfter: string;
                            note: string | null;
                            subject: string;
                        }[];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Trust another CA's root certificate in verification (a self-issued CA certificate, PEM or DER base64) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description PEM, or DER in base64 */
                        certificate: string;
                        /** @description Why it is trusted, where it came from */
                        note?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description DER, base64 */
                            certificate: string;
                            /** @description SHA-256 of the certificate (hex) */
                            fingerprint: string;
                            /** Format: date-time */
                            importedAt: string;
                            importedBy: string;
                            /** Format: date-time */
                            notAfter: string;
                            note: string | null;
                            subject: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/trusted-roots/{fingerprint}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Stop trusting an imported root */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    fingerprint: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Search users: by login, name, SNILS or INN; filter by status; sort and page */
        get: {
            parameters: {
                query?: {
                    /** @description 1..100, default 20 */
                    limit?: string;
                    /** @description default 0 */
                    offset?: string;
                    order?: "asc" | "desc";
                    search?: string;
                    sort?: "login" | "surname" | "createdAt";
                    status?: "active" | "locked" | "disabled";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                createdAt: string;
                                /** @description Who created the account: operator:<id>, admin:<id>, system, cli:<user> */
                                createdBy: string;
                                /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                                createdByName: string | null;
                                displayName: string | null;
                                /** Format: uuid */
                                id: string;
                                /** @description Set while locked after too many wrong passwords */
                                lockedUntil: string | null;
                                login: string;
                                mustChangePassword: boolean;
                                /** @description Registration data (fields of the qualified certificate subject plus contacts) */
                                profile: {
                                    address?: string;
                                    commonName?: string;
                                    country?: string;
                                    department?: string;
                                    email?: string;
                                    inn?: string;
                                    innle?: string;
                                    /** @description Who the qualified certificate is for: private person, employee of an organisation, entrepreneur, organisation */
                                    kind: "person" | "employee" | "entrepreneur" | "legalEntity";
                                    locality?: string;
                                    name?: string;
                                    ogrn?: string;
                                    ogrnip?: string;
                                    organizationalUnitName?: string;
                                    organizationName?: string;
                                    patronymic?: string;
                                    phone?: string;
                                    position?: string;
                                    region?: string;
                                    snils?: string;
                                    state?: string;
                                    street?: string;
                                    surname?: string;
                                    title?: string;
                                };
                                role: "admin" | "operator" | "user";
                                status: "active" | "locked" | "disabled";
                                /** @description Quote it when editing: a stale version → 409 CONCURRENT_EDIT */
                                version: number;
                            }[];
                            limit: number;
                            offset: number;
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Register a user from the registration form; returns the temporary password once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The directory entry the form was filled from (GET /api/v1/directory/search): the user keeps the link */
                        directoryLink?: {
                            directoryId: string;
                            externalId: string;
                        };
                        /** @description 3–64 Latin letters, digits and . _ @ -; unique regardless of letter case */
                        login: string;
                        /** @description Registration data (fields of the qualified certificate subject plus contacts) */
                        profile: {
                            address?: string;
                            commonName?: string;
                            country?: string;
                            department?: string;
                            email?: string;
                            inn?: string;
                            innle?: string;
                            /** @description Who the qualified certificate is for: private person, employee of an organisation, entrepreneur, organisation */
                            kind: "person" | "employee" | "entrepreneur" | "legalEntity";
                            locality?: string;
                            name?: string;
                            ogrn?: string;
                            ogrnip?: string;
                            organizationalUnitName?: string;
                            organizationName?: string;
                            patronymic?: string;
                            phone?: string;
                            position?: string;
                            region?: string;
                            snils?: string;
                            state?: string;
                            street?: string;
                            surname?: string;
                            title?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Shown once: hand it to the user, who must change it at first login */
                            temporaryPassword: string;
                            user: {
                                /** Format: date-time */
                                createdAt: string;
                                /** @description Who created the account: operator:<id>, admin:<id>, system, cli:<user> */
                                createdBy: string;
                                /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                                createdByName: string | null;
                                displayName: string | null;
                                /** Format: uuid */
                                id: string;
                                /** @description Set while locked after too many wrong passwords */
                                lockedUntil: string | null;
                                login: string;
                                mustChangePassword: boolean;
                                /** @description Registration data (fields of the qualified certificate subject plus contacts) */
                                profile: {
                                    address?: string;
                                    commonName?: string;
                                    country?: string;
                                    department?: string;
                                    email?: string;
                                    inn?: string;
                                    innle?: string;
                                    /** @description Who the qualified certificate is for: private person, employee of an organisation, entrepreneur, organisation */
                                    kind: "person" | "employee" | "entrepreneur" | "legalEntity";
                                    locality?: string;
                                    name?: string;
                                    ogrn?: string;
                                    ogrnip?: string;
                                    organizationalUnitName?: string;
                                    organizationName?: string;
                                    patronymic?: string;
                                    phone?: string;
                                    position?: string;
                                    region?: string;
                                    snils?: string;
                                    state?: string;
                                    street?: string;
                                    surname?: string;
                                    title?: string;
                                };
                                role: "admin" | "operator" | "user";
                                status: "active" | "locked" | "disabled";
                                /** @description Quote it when editing: a stale version → 409 CONCURRENT_EDIT */
                                version: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description PROFILE_INVALID, LOGIN_INVALID or PASSWORD_POLICY */
                            code: string;
                            detail: string;
                            /** @description Every problem of the registration form, by field (PROFILE_INVALID) */
                            errors?: {
                                code: string;
                                field: string;
                                message: string;
                            }[];
                            instance: string;
                            requestId: string;
                            status: number;
                            title: string;
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user with the registration data */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** @description Who created the account: operator:<id>, admin:<id>, system, cli:<user> */
                            createdBy: string;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            createdByName: string | null;
                            displayName: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description Set while locked after too many wrong passwords */
                            lockedUntil: string | null;
                            login: string;
                            mustChangePassword: boolean;
                            /** @description Registration data (fields of the qualified certificate subject plus contacts) */
                            profile: {
                                address?: string;
                                commonName?: string;
                                country?: string;
                                department?: string;
                                email?: string;
                                inn?: string;
                                innle?: string;
                                /** @description Who the qualified certificate is for: private person, employee of an organisation, entrepreneur, organisation */
                                kind: "person" | "employee" | "entrepreneur" | "legalEntity";
                                locality?: string;
                                name?: string;
                                ogrn?: string;
                                ogrnip?: string;
                                organizationalUnitName?: string;
                                organizationName?: string;
                                patronymic?: string;
                                phone?: string;
                                position?: string;
                                region?: string;
                                snils?: string;
                                state?: string;
                                street?: string;
                                surname?: string;
                                title?: string;
                            };
                            role: "admin" | "operator" | "user";
                            status: "active" | "locked" | "disabled";
                            /** @description Quote it when editing: a stale version → 409 CONCURRENT_EDIT */
                            version: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Edit the registration data; quote the version you read */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Fields to change; null clears a field */
                        profile: {
                            address?: string | null;
                            commonName?: string | null;
                            country?: string | null;
                            department?: string | null;
                            email?: string | null;
                            inn?: string | null;
                            innle?: string | null;
                            /** @description Who the qualified certificate is for: private person, employee of an organisation, entrepreneur, organisation */
                            kind?: "person" | "employee" | "entrepreneur" | "legalEntity";
                            locality?: string | null;
                            name?: string | null;
                            ogrn?: string | null;
                            ogrnip?: string | null;
                            organizationalUnitName?: string | null;
                            organizationName?: string | null;
                            patronymic?: string | null;
                            phone?: string | null;
                            position?: string | null;
                            region?: string | null;
                            snils?: string | null;
                            state?: string | null;
                            street?: string | null;
                            surname?: string | null;
                            title?: string | null;
                        };
                        version: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** @description Who created the account: operator:<id>, admin:<id>, system, cli:<user> */
                            createdBy: string;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            createdByName: string | null;
                            displayName: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description Set while locked after too many wrong passwords */
                            lockedUntil: string | null;
                            login: string;
                            mustChangePassword: boolean;
                            /** @description Registration data (fields of the qualified certificate subject plus contacts) */
                            profile: {
                                address?: string;
                                commonName?: string;
                                country?: string;
                                department?: string;
                                email?: string;
                                inn?: string;
                                innle?: string;
                                /** @description Who the qualified certificate is for: private person, employee of an organisation, entrepreneur, organisation */
                                kind: "person" | "employee" | "entrepreneur" | "legalEntity";
                                locality?: string;
                                name?: string;
                                ogrn?: string;
                                ogrnip?: string;
                                organizationalUnitName?: string;
                                organizationName?: string;
                                patronymic?: string;
                                phone?: string;
                                position?: string;
                                region?: string;
                                snils?: string;
                                state?: string;
                                street?: string;
                                surname?: string;
                                title?: string;
                            };
                            role: "admin" | "operator" | "user";
                            status: "active" | "locked" | "disabled";
                            /** @description Quote it when editing: a stale version → 409 CONCURRENT_EDIT */
                            version: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description PROFILE_INVALID, LOGIN_INVALID or PASSWORD_POLICY */
                            code: string;
                            detail: string;
                            /** @description Every problem of the registration form, by field (PROFILE_INVALID) */
                            errors?: {
                                code: string;
                                field: string;
                                message: string;
                            }[];
                            instance: string;
                            requestId: string;
                            status: number;
                            title: string;
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/users/{id}/certificates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's certificates with their status badges, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accountId: string | null;
                            caId: string;
                            /** Format: date-time */
                            notAfter: string;
                            /** Format: date-time */
                            notBefore: string;
                            revocationReason: string | null;
                            revokedAt: string | null;
                            serial: string;
                            /** @description The status badge; expired is derived from the validity */
                            status: "valid" | "suspended" | "revoked" | "expired";
                            subject: string;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /** Create a certificate request from the user's registration data (corrected if need be): the key is generated in the key store under the PIN, and the certificate issued */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The certificate profile (GET /api/v1/profiles): it chooses the CA, the key algorithms and the checks of the holder's data; default the qualified profile for the holder's kind (qualified-person for a natural person) */
                        certificateProfile?: string;
                        /** @description How each use of the key is confirmed. pin (default): by its holder with the key PIN, every time. none: a legal entity's key for automatic signing by its systems (signing operations complete at once); it has no PIN, and 422 KEY_CONFIRMATION_NOT_ALLOWED for any other holder. device: every use approved on the holder's enrolled device (mobile confirmation); the key has no PIN */
                        confirmation?: "pin" | "none" | "device";
                        /** @description Key algorithm: gost256 (GOST R 34.10-2012 256, paramSet A; default), gost512, ecdsa-p256, rsa2048 */
                        keySpec?: "gost256" | "gost512" | "ecdsa-p256" | "rsa2048";
                        /** @description Where the key is generated: 'software' (default) or 'pkcs11' when the server has a token (GET /api/v1/key-stores lists them with the algorithms each makes) */
                        keyStore?: string;
                        /** @description Key PIN; 6 to 128 characters (400 KEY_PIN_INVALID otherwise) */
                        pin?: string;
                        /** @description Key PIN; 6 to 128 characters (400 KEY_PIN_INVALID otherwise) */
                        pinConfirmation?: string;
                        /** @description Fields to change; null clears a field */
                        profile?: {
                            address?: string | null;
                            commonName?: string | null;
                            country?: string | null;
                            department?: string | null;
                            email?: string | null;
                            inn?: string | null;
                            innle?: string | null;
                            /** @description Who the qualified certificate is for: private person, employee of an organisation, entrepreneur, organisation */
                            kind?: "person" | "employee" | "entrepreneur" | "legalEntity";
                            locality?: string | null;
                            name?: string | null;
                            ogrn?: string | null;
                            ogrnip?: string | null;
                            organizationalUnitName?: string | null;
                            organizationName?: string | null;
                            patronymic?: string | null;
                            phone?: string | null;
                            position?: string | null;
                            region?: string | null;
                            snils?: string | null;
                            state?: string | null;
                            street?: string | null;
                            surname?: string | null;
                            title?: string | null;
                        };
                        /** @description Default 365 */
                        validityDays?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accountId: string | null;
                            caId: string;
                            /** Format: date-time */
                            notAfter: string;
                            /** Format: date-time */
                            notBefore: string;
                            revocationReason: string | null;
                            revokedAt: string | null;
                            serial: string;
                            /** @description The status badge; expired is derived from the validity */
                            status: "valid" | "suspended" | "revoked" | "expired";
                            subject: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description PROFILE_INVALID, LOGIN_INVALID or PASSWORD_POLICY */
                            code: string;
                            detail: string;
                            /** @description Every problem of the registration form, by field (PROFILE_INVALID) */
                            errors?: {
                                code: string;
                                field: string;
                                message: string;
                            }[];
                            instance: string;
                            requestId: string;
                            status: number;
                            title: string;
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/certificates/from-request": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a certificate for a PKCS#10 request made by the user: JSON { csr: PEM } or an application/pkcs10 DER body; its signature must verify */
        post: {
            parameters: {
                query?: {
                    /** @description The certificate profile (GET /api/v1/profiles): it chooses the CA, the key algorithms and the checks of the holder's data; default the qualified profile for the holder's kind (qualified-person for a natural person) */
                    certificateProfile?: string;
                    /** @description profile (default): the checked registration data; request: the requested subject, read into the same fields and checked by the same profile rules (422 PROFILE_INVALID, each problem in `errors`) */
                    subjectFrom?: "profile" | "request";
                    /** @description 1..1825 days, default 365 (400 VALIDITY_INVALID outside) */
                    validityDays?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        csr: string;
                    };
                    "application/pkcs10": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accountId: string | null;
                            caId: string;
                            /** Format: date-time */
                            notAfter: string;
                            /** Format: date-time */
                            notBefore: string;
                            revocationReason: string | null;
                            revokedAt: string | null;
                            serial: string;
                            /** @description The status badge; expired is derived from the validity */
                            status: "valid" | "suspended" | "revoked" | "expired";
                            subject: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description PROFILE_INVALID, LOGIN_INVALID or PASSWORD_POLICY */
                            code: string;
                            detail: string;
                            /** @description Every problem of the registration form, by field (PROFILE_INVALID) */
                            errors?: {
                                code: string;
                                field: string;
                                message: string;
                            }[];
                            instance: string;
                            requestId: string;
                            status: number;
                            title: string;
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/confirmation-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's confirmation policy: their own, if set, and the one in force */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            effective: {
                                /** @description How long an online approval stands for the PIN step */
                                approvalSeconds: number;
                                /** @description off: the PIN alone; when-enrolled: a device approval when the user has an active device; required: always (DEVICE_REQUIRED without one) */
                                device: "off" | "when-enrolled" | "required";
                                /** @description The most documents one approval covers */
                                maxDocuments: number;
                                operations: ("sign" | "decrypt")[];
                            };
                            /** @description The user's own policy, if an administrator set one */
                            override: {
                                /** @description How long an online approval stands for the PIN step */
                                approvalSeconds: number;
                                /** @description off: the PIN alone; when-enrolled: a device approval when the user has an active device; required: always (DEVICE_REQUIRED without one) */
                                device: "off" | "when-enrolled" | "required";
                                /** @description The most documents one approval covers */
                                maxDocuments: number;
                                operations: ("sign" | "decrypt")[];
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        /** Set a user's own confirmation policy (audited) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description How long an online approval stands for the PIN step */
                        approvalSeconds: number;
                        /** @description off: the PIN alone; when-enrolled: a device approval when the user has an active device; required: always (DEVICE_REQUIRED without one) */
                        device: "off" | "when-enrolled" | "required";
                        /** @description The most documents one approval covers */
                        maxDocuments: number;
                        operations: ("sign" | "decrypt")[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            effective: {
                                /** @description How long an online approval stands for the PIN step */
                                approvalSeconds: number;
                                /** @description off: the PIN alone; when-enrolled: a device approval when the user has an active device; required: always (DEVICE_REQUIRED without one) */
                                device: "off" | "when-enrolled" | "required";
                                /** @description The most documents one approval covers */
                                maxDocuments: number;
                                operations: ("sign" | "decrypt")[];
                            };
                            /** @description The user's own policy, if an administrator set one */
                            override: {
                                /** @description How long an online approval stands for the PIN step */
                                approvalSeconds: number;
                                /** @description off: the PIN alone; when-enrolled: a device approval when the user has an active device; required: always (DEVICE_REQUIRED without one) */
                                device: "off" | "when-enrolled" | "required";
                                /** @description The most documents one approval covers */
                                maxDocuments: number;
                                operations: ("sign" | "decrypt")[];
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        post?: never;
        /** Remove a user's own policy: the users' policy applies (audited) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            effective: {
                                /** @description How long an online approval stands for the PIN step */
                                approvalSeconds: number;
                                /** @description off: the PIN alone; when-enrolled: a device approval when the user has an active device; required: always (DEVICE_REQUIRED without one) */
                                device: "off" | "when-enrolled" | "required";
                                /** @description The most documents one approval covers */
                                maxDocuments: number;
                                operations: ("sign" | "decrypt")[];
                            };
                            /** @description The user's own policy, if an administrator set one */
                            override: {
                                /** @description How long an online approval stands for the PIN step */
                                approvalSeconds: number;
                                /** @description off: the PIN alone; when-enrolled: a device approval when the user has an active device; required: always (DEVICE_REQUIRED without one) */
                                device: "off" | "when-enrolled" | "required";
                                /** @description The most documents one approval covers */
                                maxDocuments: number;
                                operations: ("sign" | "decrypt")[];
                            } | null;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/devices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's enrolled devices */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: uuid */
                                id: string;
                                /** @description webauthn: the Podpis mobile app (a WebAuthn credential); authenticator: podpis-authenticator */
                                kind: "webauthn" | "authenticator";
                                lastUsedAt: string | null;
                                name: string;
                                platform: string | null;
                                /** @description Takes Web Push notifications */
                                push: boolean;
                                status: "active" | "blocked";
                            }[];
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/devices/enrolments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start enrolling a device for a user (show them the QR code or the activation code) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description One-time, shown once: type it on the device if the QR code cannot be scanned */
                            activationCode: string;
                            /** Format: date-time */
                            expiresAt: string;
                            /** Format: uuid */
                            id: string;
                            /** @description What the QR code holds: the Podpis mobile address with the code in its fragment */
                            link: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/devices/enrolments/{enrolment}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where a user's enrolment stands */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    enrolment: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            device?: {
                                /** Format: date-time */
                                createdAt: string;
                                /** Format: uuid */
                                id: string;
                                /** @description webauthn: the Podpis mobile app (a WebAuthn credential); authenticator: podpis-authenticator */
                                kind: "webauthn" | "authenticator";
                                lastUsedAt: string | null;
                                name: string;
                                platform: string | null;
                                /** @description Takes Web Push notifications */
                                push: boolean;
                                status: "active" | "blocked";
                            };
                            /** Format: date-time */
                            expiresAt?: string;
                            status: "pending" | "completed" | "expired";
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/directory": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The user's directory entry now and the registration fields that differ from it */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Registration fields whose value differs from the entry now (empty: in step) */
                            differences: {
                                directory: string | null;
                                field: string;
                                registered: string | null;
                            }[];
                            /** Format: uuid */
                            directoryId: string;
                            directoryName: string;
                            dn: string;
                            externalId: string;
                            /** @description The mapped fields the entry fills: login, employeeId and registration fields */
                            values: {
                                [key: string]: string;
                            };
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/directory/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-sync: take the directory's values of the fields that differ (or of those named) into the registration data */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        fields?: ("surname" | "name" | "patronymic" | "commonName" | "title" | "organizationName" | "organizationalUnitName" | "street" | "locality" | "state" | "country" | "email" | "inn" | "innle" | "snils" | "ogrn" | "ogrnip" | "phone" | "department" | "region" | "address" | "position")[];
                        /** @description The version read with the user (409 CONCURRENT_EDIT if stale) */
                        version: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            applied: {
                                directory: string | null;
                                field: string;
                                registered: string | null;
                            }[];
                            user: {
                                /** Format: date-time */
                                createdAt: string;
                                /** @description Who created the account: operator:<id>, admin:<id>, system, cli:<user> */
                                createdBy: string;
                                /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                                createdByName: string | null;
                                displayName: string | null;
                                /** Format: uuid */
                                id: string;
                                /** @description Set while locked after too many wrong passwords */
                                lockedUntil: string | null;
                                login: string;
                                mustChangePassword: boolean;
                                /** @description Registration data (fields of the qualified certificate subject plus contacts) */
                                profile: {
                                    address?: string;
                                    commonName?: string;
                                    country?: string;
                                    department?: string;
                                    email?: string;
                                    inn?: string;
                                    innle?: string;
                                    /** @description Who the qualified certificate is for: private person, employee of an organisation, entrepreneur, organisation */
                                    kind: "person" | "employee" | "entrepreneur" | "legalEntity";
                                    locality?: string;
                                    name?: string;
                                    ogrn?: string;
                                    ogrnip?: string;
                                    organizationalUnitName?: string;
                                    organizationName?: string;
                                    patronymic?: string;
                                    phone?: string;
                                    position?: string;
                                    region?: string;
                                    snils?: string;
                                    state?: string;
                                    street?: string;
                                    surname?: string;
                                    title?: string;
                                };
                                role: "admin" | "operator" | "user";
                                status: "active" | "locked" | "disabled";
                                /** @description Quote it when editing: a stale version → 409 CONCURRENT_EDIT */
                                version: number;
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description PROFILE_INVALID, LOGIN_INVALID or PASSWORD_POLICY */
                            code: string;
                            detail: string;
                            /** @description Every problem of the registration form, by field (PROFILE_INVALID) */
                            errors?: {
                                code: string;
                                field: string;
                                message: string;
                            }[];
                            instance: string;
                            requestId: string;
                            status: number;
                            title: string;
                            type: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Default Response */
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Disable the account (status «Отключён»): no logins, open sessions end, unlock does not undo it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** @description Who created the account: operator:<id>, admin:<id>, system, cli:<user> */
                            createdBy: string;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            createdByName: string | null;
                            displayName: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description Set while locked after too many wrong passwords */
                            lockedUntil: string | null;
                            login: string;
                            mustChangePassword: boolean;
                            role: "admin" | "operator" | "user";
                            status: "active" | "locked" | "disabled";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable a disabled account again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** @description Who created the account: operator:<id>, admin:<id>, system, cli:<user> */
                            createdBy: string;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            createdByName: string | null;
                            displayName: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description Set while locked after too many wrong passwords */
                            lockedUntil: string | null;
                            login: string;
                            mustChangePassword: boolean;
                            role: "admin" | "operator" | "user";
                            status: "active" | "locked" | "disabled";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who changed which registration field, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            changedAt: string;
                            changedBy: string;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            changedByName: string | null;
                            changes: {
                                [key: string]: {
                                    from: string | null;
                                    to: string | null;
                                };
                            };
                            version: number;
                        }[];
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/lock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Lock the account: no logins, open sessions end */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** @description Who created the account: operator:<id>, admin:<id>, system, cli:<user> */
                            createdBy: string;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            createdByName: string | null;
                            displayName: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description Set while locked after too many wrong passwords */
                            lockedUntil: string | null;
                            login: string;
                            mustChangePassword: boolean;
                            role: "admin" | "operator" | "user";
                            status: "active" | "locked" | "disabled";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/reset-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a new temporary password (returned once); the user must change it at the next login */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Shown once: hand it to the user, who must change it at first login */
                            temporaryPassword: string;
                            user: {
                                /** Format: date-time */
                                createdAt: string;
                                /** @description Who created the account: operator:<id>, admin:<id>, system, cli:<user> */
                                createdBy: string;
                                /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                                createdByName: string | null;
                                displayName: string | null;
                                /** Format: uuid */
                                id: string;
                                /** @description Set while locked after too many wrong passwords */
                                lockedUntil: string | null;
                                login: string;
                                mustChangePassword: boolean;
                                role: "admin" | "operator" | "user";
                                status: "active" | "locked" | "disabled";
                            };
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/second-factor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a user's second factors (authenticator app, security keys, recovery codes) when they lost them */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/signing-operations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's signing operations, read-only: what was signed with which certificate, when and how it was confirmed (no signatures) */
        get: {
            parameters: {
                query?: {
                    /** @description Serial (hex) */
                    certificate?: string;
                    /** @description raw: the key's own signature of each digest (GOST R 34.10-2012, ECDSA DER, RSA PKCS#1 v1.5 or PSS as the key is made); cades: CMS SignedData per CAdES with signingTime and signingCertificateV2, the signer's certificate and CA chain included; xades: XMLDSig or XAdES (enveloped in the XML document given as content, enveloping, or detached); pades: the PDF (given as content) signed in an incremental update, PAdES baseline, optionally with a visible stamp (see parameters) */
                    format?: "raw" | "cades" | "xades" | "pades";
                    /** @description Created at or after */
                    from?: string;
                    /** @description 1..200, default 50 */
                    limit?: string;
                    /** @description default 0 */
                    offset?: string;
                    status?: "awaiting_confirmation" | "completed" | "failed" | "cancelled" | "expired";
                    /** @description Created before */
                    to?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Newest first, one page */
                            operations: {
                                certificate: string;
                                confirmationMethod?: string;
                                /** @description How the operation may be confirmed now (empty once it is not awaiting confirmation) */
                                confirmationMethods: ("pin" | "device" | "device+pin")[];
                                /** Format: date-time */
                                confirmedAt?: string;
                                /** Format: date-time */
                                createdAt: string;
                                /** @description The operation's approval on the holder's device, when it needs one */
                                device?: {
                                    /** Format: date-time */
                                    approvedUntil?: string;
                                    /** Format: date-time */
                                    decidedAt?: string;
                                    device?: {
                                        id: string;
                                        name: string;
                                    };
                                    /** @description The offline QR code's text (PODPIS-OFFLINE-1:…) */
                                    offline: string;
                                    remainingOfflineAttempts: number;
                                    /** @description pending: awaiting the device; used: the key signed under it; refused: too many wrong offline codes */
                                    status: "pending" | "approved" | "declined" | "used" | "refused";
                                    /** @description Four digits the device shows too: the same operation */
                                    verificationCode: string;
                                    via?: "online" | "offline";
                                };
                                documents: {
                                    digest: string;
                                    digestAlgorithm: string;
                                    name: string;
                                    size?: number;
                                }[];
                                /** Format: date-time */
                                expiresAt: string;
                                /** @description raw: the key's own signature of each digest (GOST R 34.10-2012, ECDSA DER, RSA PKCS#1 v1.5 or PSS as the key is made); cades: CMS SignedData per CAdES with signingTime and signingCertificateV2, the signer's certificate and CA chain included; xades: XMLDSig or XAdES (enveloped in the XML document given as content, enveloping, or detached); pades: the PDF (given as content) signed in an incremental update, PAdES baseline, optionally with a visible stamp (see parameters) */
                                format: "raw" | "cades" | "xades" | "pades";
                                /** Format: uuid */
                                id: string;
                                /** @description The parameters in force, defaults filled in */
                                parameters: {
                                    [key: string]: unknown;
                                };
                                /** @description Completed: the URL of each document's signature, in order */
                                results?: string[];
                                status: "awaiting_confirmation" | "completed" | "failed" | "cancelled" | "expired";
                            }[];
                            /** @description How many operations match in all */
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Unlock the account (an operator's lock or the lock after wrong passwords) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: date-time */
                            createdAt: string;
                            /** @description Who created the account: operator:<id>, admin:<id>, system, cli:<user> */
                            createdBy: string;
                            /** @description The acting account's display name or login; null for system, cli:* or an unknown account */
                            createdByName: string | null;
                            displayName: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description Set while locked after too many wrong passwords */
                            lockedUntil: string | null;
                            login: string;
                            mustChangePassword: boolean;
                            role: "admin" | "operator" | "user";
                            status: "active" | "locked" | "disabled";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/verifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Verify signatures: a signed PDF, or a CMS signature (ours, OpenSSL’s, CryptoPro’s) with its document when detached. A report per signature in ETSI EN 319 102-1 terms: cryptography, time stamps, the path to a trusted root, revocation at the signing time (embedded values, else asked now), the Russian qualified profile, what a PDF signature covers */
        post: {
            parameters: {
                query?: {
                    /** @description ru (default) or en */
                    lang?: "ru" | "en";
                    /** @description json (default); html or pdf: the report for people */
                    output?: "json" | "html" | "pdf";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: byte
                         * @description The signed PDF, or the content a detached signature signs (base64)
                         */
                        document?: string;
                        /**
                         * Format: byte
                         * @description CMS SignedData (DER, base64)
                         */
                        signature?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description cades or pades */
                            format: string;
                            /** @description ETSI EN 319 102-1 §5.1.3 */
                            indication: "TOTAL_PASSED" | "INDETERMINATE" | "TOTAL_FAILED";
                            messages: {
                                code: string;
                                /** @description Position in the certificate path, 0 the trust anchor */
                                index?: number;
                                message: string;
                                /** @description e.g. RFC5280 4.2.1.9 */
                                rule?: string;
                            }[];
                            signatures: {
                                /**
                                 * Format: date-time
                                 * @description Proven by a signature time stamp, else the verification time
                                 */
                                bestSignatureTime: string;
                                /** @description Trust anchor first */
                                chain: {
                                    issuer: string;
                                    /** Format: date-time */
                                    notAfter: string;
                                    /** Format: date-time */
                                    notBefore: string;
                                    serial: string;
                                    subject: string;
                                }[];
                                claimedSigningTime: string | null;
                                /** @description For a counter-signature (RFC 5652 §11.4): the index of the signature whose value it signs */
                                counterSignatureOf?: number;
                                coverage?: {
                                    /** @description UNCHANGED, ALLOWED_CHANGES or DISALLOWED_CHANGES */
                                    changes: string;
                                    disallowedChanges: string[];
                                    wholeDocument: boolean;
                                };
                                /** @description The signers first, then counter-signatures */
                                index: number;
                                /** @description ETSI EN 319 102-1 §5.1.3 */
                                indication: "TOTAL_PASSED" | "INDETERMINATE" | "TOTAL_FAILED";
                                /** @description CAdES-BES, CAdES-T, CAdES-X-Long-Type-1, PAdES-B-B, PAdES-B-T */
                                level: string;
                                messages: {
                                    code: string;
                                    /** @description Position in the certificate path, 0 the trust anchor */
                                    index?: number;
                                    message: string;
                                    /** @description e.g. RFC5280 4.2.1.9 */
                                    rule?: string;
                                }[];
                                /** @description A qualified certificate by the Russian profile (FSB order 795) */
                                qualified: boolean;
                                revocation: {
                                    /** Format: date-time */
                                    revokedAt?: string;
                                    source: "embedded" | "fetched" | "none";
                                    status: "good" | "revoked" | "unknown" | "not-checked";
                                };
                                signer: {
                                    issuer: string;
                                    /** Format: date-time */
                                    notAfter: string;
                                    /** Format: date-time */
                                    notBefore: string;
                                    serial: string;
                                    subject: string;
                                } | null;
                                /** @description Why, when not TOTAL_PASSED (ETSI sub-indication) */
                                subIndication?: string;
                                timeStamps: {
                                    /** Format: date-time */
                                    genTime: string;
                                    kind: "signature" | "references";
                                    ok: boolean;
                                    tsa: string | null;
                                }[];
                            }[];
                            subIndication?: string;
                            /** Format: date-time */
                            verifiedAt: string;
                        } | string;
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * My webhook subscriptions (an administrator: all), newest first; secrets are never shown again
         * @description Administrators with their client certificate manage every subscription and hear every event; users (session, or a bearer token) their own subscriptions, which hear only events about their own certificates and operations; an OAuth client with a client-credentials token (scope webhooks) its own subscriptions, which hear only events about accounts that granted it consent. With a bearer token: needs the scope `webhooks` (403 INSUFFICIENT_SCOPE otherwise).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The OAuth client that made it with client credentials; null for an account’s */
                            clientId: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            description: string;
                            enabled: boolean;
                            eventTypes: string[];
                            /** Format: uuid */
                            id: string;
                            /** @description The account that made it; null for an OAuth client's */
                            ownerAccountId: string | null;
                            /** @description After a rotation: until when the replaced secret signs too */
                            previousSecretUntil: string | null;
                            /** @description all: an administrator's (every event); own: a user's (events about their own account) or an OAuth client's (events about accounts that granted it consent) */
                            scope: "all" | "own";
                            /** Format: date-time */
                            updatedAt: string;
                            url: string;
                        }[];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Subscribe a URL to events; the answer holds the signing secret, shown this once
         * @description Administrators with their client certificate manage every subscription and hear every event; users (session, or a bearer token) their own subscriptions, which hear only events about their own certificates and operations; an OAuth client with a client-credentials token (scope webhooks) its own subscriptions, which hear only events about accounts that granted it consent. With a bearer token: needs the scope `webhooks` (403 INSUFFICIENT_SCOPE otherwise).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        enabled?: boolean;
                        /** @description Event types to hear: certificate.issued, certificate.revoked, certificate.suspended, certificate.resumed, certificate_request.created, certificate_request.approved, certificate_request.rejected, operation.awaiting_confirmation, operation.confirmed, operation.declined, operation.completed, operation.failed, operation.cancelled, operation.expired (400 WEBHOOK_EVENT_TYPE_INVALID for others) */
                        eventTypes: string[];
                        /** @description https:// (http:// only to a host PODPIS_WEBHOOK_ALLOWED_HOSTS names), no credentials; a host resolving to an internal address is 422 WEBHOOK_URL_NOT_ALLOWED */
                        url: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The OAuth client that made it with client credentials; null for an account’s */
                            clientId: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            description: string;
                            enabled: boolean;
                            eventTypes: string[];
                            /** Format: uuid */
                            id: string;
                            /** @description The account that made it; null for an OAuth client's */
                            ownerAccountId: string | null;
                            /** @description After a rotation: until when the replaced secret signs too */
                            previousSecretUntil: string | null;
                            /** @description all: an administrator's (every event); own: a user's (events about their own account) or an OAuth client's (events about accounts that granted it consent) */
                            scope: "all" | "own";
                            /** @description The signing secret, `whsec_<base64>`, shown this once (Standard Webhooks) */
                            secret: string;
                            /** Format: date-time */
                            updatedAt: string;
                            url: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One webhook subscription
         * @description Administrators with their client certificate manage every subscription and hear every event; users (session, or a bearer token) their own subscriptions, which hear only events about their own certificates and operations; an OAuth client with a client-credentials token (scope webhooks) its own subscriptions, which hear only events about accounts that granted it consent. With a bearer token: needs the scope `webhooks` (403 INSUFFICIENT_SCOPE otherwise).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The OAuth client that made it with client credentials; null for an account’s */
                            clientId: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            description: string;
                            enabled: boolean;
                            eventTypes: string[];
                            /** Format: uuid */
                            id: string;
                            /** @description The account that made it; null for an OAuth client's */
                            ownerAccountId: string | null;
                            /** @description After a rotation: until when the replaced secret signs too */
                            previousSecretUntil: string | null;
                            /** @description all: an administrator's (every event); own: a user's (events about their own account) or an OAuth client's (events about accounts that granted it consent) */
                            scope: "all" | "own";
                            /** Format: date-time */
                            updatedAt: string;
                            url: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete the subscription and its delivery log
         * @description Administrators with their client certificate manage every subscription and hear every event; users (session, or a bearer token) their own subscriptions, which hear only events about their own certificates and operations; an OAuth client with a client-credentials token (scope webhooks) its own subscriptions, which hear only events about accounts that granted it consent. With a bearer token: needs the scope `webhooks` (403 INSUFFICIENT_SCOPE otherwise).
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change the URL (checked again), description, events, or enable / disable the subscription
         * @description Administrators with their client certificate manage every subscription and hear every event; users (session, or a bearer token) their own subscriptions, which hear only events about their own certificates and operations; an OAuth client with a client-credentials token (scope webhooks) its own subscriptions, which hear only events about accounts that granted it consent. With a bearer token: needs the scope `webhooks` (403 INSUFFICIENT_SCOPE otherwise).
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        enabled?: boolean;
                        /** @description Event types to hear: certificate.issued, certificate.revoked, certificate.suspended, certificate.resumed, certificate_request.created, certificate_request.approved, certificate_request.rejected, operation.awaiting_confirmation, operation.confirmed, operation.declined, operation.completed, operation.failed, operation.cancelled, operation.expired (400 WEBHOOK_EVENT_TYPE_INVALID for others) */
                        eventTypes?: string[];
                        /** @description https:// (http:// only to a host PODPIS_WEBHOOK_ALLOWED_HOSTS names), no credentials; a host resolving to an internal address is 422 WEBHOOK_URL_NOT_ALLOWED */
                        url?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The OAuth client that made it with client credentials; null for an account’s */
                            clientId: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            description: string;
                            enabled: boolean;
                            eventTypes: string[];
                            /** Format: uuid */
                            id: string;
                            /** @description The account that made it; null for an OAuth client's */
                            ownerAccountId: string | null;
                            /** @description After a rotation: until when the replaced secret signs too */
                            previousSecretUntil: string | null;
                            /** @description all: an administrator's (every event); own: a user's (events about their own account) or an OAuth client's (events about accounts that granted it consent) */
                            scope: "all" | "own";
                            /** Format: date-time */
                            updatedAt: string;
                            url: string;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The delivery log, newest first: status, attempts, the last answer and its time
         * @description Administrators with their client certificate manage every subscription and hear every event; users (session, or a bearer token) their own subscriptions, which hear only events about their own certificates and operations; an OAuth client with a client-credentials token (scope webhooks) its own subscriptions, which hear only events about accounts that granted it consent. With a bearer token: needs the scope `webhooks` (403 INSUFFICIENT_SCOPE otherwise).
         */
        get: {
            parameters: {
                query?: {
                    /** @description 1..100, default 20 */
                    limit?: string;
                    /** @description default 0 */
                    offset?: string;
                    status?: "pending" | "delivered" | "failed" | "dead";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                attempts: number;
                                /** Format: date-time */
                                createdAt: string;
                                deliveredAt: string | null;
                                eventType: string;
                                /** Format: uuid */
                                id: string;
                                lastAttemptAt: string | null;
                                lastError: string | null;
                                lastResponseMs: number | null;
                                lastStatusCode: number | null;
                                /** @description The webhook-id header, the same on every attempt */
                                messageId: string;
                                nextAttemptAt: string | null;
                                /** @description The body sent: {type, timestamp, data} */
                                payload: unknown;
                                status: "pending" | "delivered" | "failed" | "dead";
                                /** Format: uuid */
                                subscriptionId: string;
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            total: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a delivery again (the same message and webhook-id), with a new day of retries, by the delivery job
         * @description Administrators with their client certificate manage every subscription and hear every event; users (session, or a bearer token) their own subscriptions, which hear only events about their own certificates and operations; an OAuth client with a client-credentials token (scope webhooks) its own subscriptions, which hear only events about accounts that granted it consent. With a bearer token: needs the scope `webhooks` (403 INSUFFICIENT_SCOPE otherwise).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    deliveryId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            /** Format: date-time */
                            createdAt: string;
                            deliveredAt: string | null;
                            eventType: string;
                            /** Format: uuid */
                            id: string;
                            lastAttemptAt: string | null;
                            lastError: string | null;
                            lastResponseMs: number | null;
                            lastStatusCode: number | null;
                            /** @description The webhook-id header, the same on every attempt */
                            messageId: string;
                            nextAttemptAt: string | null;
                            /** @description The body sent: {type, timestamp, data} */
                            payload: unknown;
                            status: "pending" | "delivered" | "failed" | "dead";
                            /** Format: uuid */
                            subscriptionId: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate the signing secret: the new one is shown this once; for 24 hours messages carry signatures by both
         * @description Administrators with their client certificate manage every subscription and hear every event; users (session, or a bearer token) their own subscriptions, which hear only events about their own certificates and operations; an OAuth client with a client-credentials token (scope webhooks) its own subscriptions, which hear only events about accounts that granted it consent. With a bearer token: needs the scope `webhooks` (403 INSUFFICIENT_SCOPE otherwise).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The OAuth client that made it with client credentials; null for an account’s */
                            clientId: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            description: string;
                            enabled: boolean;
                            eventTypes: string[];
                            /** Format: uuid */
                            id: string;
                            /** @description The account that made it; null for an OAuth client's */
                            ownerAccountId: string | null;
                            /** @description After a rotation: until when the replaced secret signs too */
                            previousSecretUntil: string | null;
                            /** @description all: an administrator's (every event); own: a user's (events about their own account) or an OAuth client's (events about accounts that granted it consent) */
                            scope: "all" | "own";
                            /** @description The signing secret, `whsec_<base64>`, shown this once (Standard Webhooks) */
                            secret: string;
                            /** Format: date-time */
                            updatedAt: string;
                            url: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a webhook.test event to this subscription (by the delivery job, within seconds)
         * @description Administrators with their client certificate manage every subscription and hear every event; users (session, or a bearer token) their own subscriptions, which hear only events about their own certificates and operations; an OAuth client with a client-credentials token (scope webhooks) its own subscriptions, which hear only events about accounts that granted it consent. With a bearer token: needs the scope `webhooks` (403 INSUFFICIENT_SCOPE otherwise).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            attempts: number;
                            /** Format: date-time */
                            createdAt: string;
                            deliveredAt: string | null;
                            eventType: string;
                            /** Format: uuid */
                            id: string;
                            lastAttemptAt: string | null;
                            lastError: string | null;
                            lastResponseMs: number | null;
                            lastStatusCode: number | null;
                            /** @description The webhook-id header, the same on every attempt */
                            messageId: string;
                            nextAttemptAt: string | null;
                            /** @description The body sent: {type, timestamp, data} */
                            payload: unknown;
                            status: "pending" | "delivered" | "failed" | "dead";
                            /** Format: uuid */
                            subscriptionId: string;
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
                /** @description Default Response */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/whoami": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who is calling, or that nobody is: 200 either way
         * @description The same answer as GET /me when signed in; otherwise `signedIn: false` and the code GET /me would have refused with. The office asks this on a fresh page, where nobody signed in is the usual case and not an error.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Signed in with the session cookie: the token to send in X-CSRF-Token, so a second tab of the same browser works as the first (the same one the login answered) */
                            csrfToken?: string;
                            me?: {
                                /** Format: uuid */
                                accountId: string;
                                displayName: string | null;
                                login: string;
                                method: "session" | "token" | "certificate" | "oauth";
                                mustChangePassword: boolean;
                                role: "admin" | "operator" | "user";
                                /** @description The role requires a second factor this account has not enrolled: only enrolment is open */
                                secondFactorEnrolmentRequired: boolean;
                            };
                            /** @description When not signed in: the code GET /me would have answered (AUTHENTICATION_REQUIRED, SESSION_EXPIRED, …) */
                            reason?: string;
                            signedIn: boolean;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/csc/v2/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * auth/login: HTTP Basic (login and password of the holder) → an access token for this API, valid one hour
         * @description The office’s password sign-in with its rate limits and lockout (users of a company directory with directory sign-in give their directory password). Accounts with a second factor sign in through OAuth (oauth2code) instead: access_denied. No refresh tokens: `rememberMe` is ignored and `refresh_token` refused.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/csc/v2/auth/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * auth/revoke: revokes an access token of auth/login (by default the one calling)
         * @description Any of this API’s scopes. `token`: one of the caller’s own API tokens; without it, the bearer token of this request. OAuth tokens are revoked at the authorisation server’s revocation endpoint.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/csc/v2/credentials/authorize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * credentials/authorize: the holder authorises exactly these hashes once (PIN, and the device OTP when their policy asks) → SAD
         * @description Scope `credential` or `signing`. `numSignatures` must equal the number of hashes (at most `multisign`). The SAD is one-time, bound to the caller, the credential and these hashes, and expires after `expiresIn` seconds. When a device approval is needed and no OTP is given, the request is sent to the holder’s device: for a key confirmed on the device alone the answer is 202 with a `handle` to poll with credentials/authorizeCheck; for one that also needs its PIN it is `invalid_request`: call again with the same hashes and the PIN once approved.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        authData?: {
                            id: string;
                            value: string;
                        }[];
                        clientData?: string;
                        /** @description A credentialID from credentials/list */
                        credentialID: string;
                        description?: string;
                        hashAlgorithmOID?: string;
                        /** @description The hashes to be signed, Base64, in order */
                        hashes?: string[];
                        numSignatures: number;
                        OTP?: string;
                        PIN?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/csc/v2/credentials/authorizeCheck": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * credentials/authorizeCheck: the SAD of an authorisation that was waiting for the holder’s device (202 with the handle while it still waits)
         * @description Scope `credential` or `signing`. The handle is the one credentials/authorize answered with 202; only its caller’s holder may use it, and only until the SAD is given. A declined or expired device request is `access_denied` / `invalid_request`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        clientData?: string;
                        handle: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/csc/v2/credentials/extendTransaction": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * credentials/extendTransaction: the unused SAD lives 5 minutes more (at most 30 minutes in all)
         * @description Scope `credential` or `signing`. The SAD stays the same.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        clientData?: string;
                        /** @description A credentialID from credentials/list */
                        credentialID: string;
                        hashAlgorithmOID?: string;
                        /** @description The hashes to be signed, Base64, in order */
                        hashes?: string[];
                        SAD: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/csc/v2/credentials/getChallenge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * credentials/getChallenge: for the OTP object, calls the holder’s devices again (the challenge goes out of band: 204)
         * @description Scope `credential` or `signing`. The device’s challenge is the authorisation’s hashes, so call credentials/authorize first; the PIN has no challenge (`invalid_request`).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        authObjectID: string;
                        clientData?: string;
                        /** @description A credentialID from credentials/list */
                        credentialID: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/csc/v2/credentials/info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * credentials/info: the key, the certificate (chain), how authorisation works (PIN, OTP) and SCAL2
         * @description Scope `service` or `certificates:read`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        authInfo?: boolean;
                        /** @description Which certificates to return (default single) */
                        certificates?: "none" | "single" | "chain";
                        certInfo?: boolean;
                        clientData?: string;
                        /** @description A credentialID from credentials/list */
                        credentialID: string;
                        lang?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/csc/v2/credentials/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * credentials/list: the caller's credentials (certificates whose keys sign here after their confirmation)
         * @description Scope `service` or `certificates:read`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        authInfo?: boolean;
                        /** @description Which certificates to return (default single) */
                        certificates?: "none" | "single" | "chain";
                        certInfo?: boolean;
                        clientData?: string;
                        credentialInfo?: boolean;
                        lang?: string;
                        maxResults?: number;
                        onlyValid?: boolean;
                        userID?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/csc/v2/credentials/sendOTP": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * credentials/sendOTP: calls the holder's devices again for this credential's authorisations awaiting their approval
         * @description Scope `credential` or `signing`. The device approves exactly the hashes of an authorisation, so call credentials/authorize first: its request reaches the device, which then shows the hashes and an offline code.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        clientData?: string;
                        /** @description A credentialID from credentials/list */
                        credentialID: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/csc/v2/info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** info, as GET */
        get: {
            parameters: {
                query?: {
                    lang?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        /**
         * info: the service, its authorisation types, methods and signature algorithms (no authentication)
         * @description Body (optional): `{ "lang": "ru" | "en-US" }`; a bodiless POST needs X-Requested-With.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/csc/v2/signatures/signDoc": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * signatures/signDoc: CAdES, XAdES or PAdES signatures of whole documents, or CAdES detached over document digests, exactly as the SAD (or the OAuth token) authorised them
         * @description Scope `credential` or `signing`. Either `documents` (Base64 whole documents; `signature_format` C, X or P; `conformance_level` Ades-B-B or Ades-B-T — B-T time-stamped by our TSA; `signed_envelope_property` C: Detached | Attached, X: Enveloped | Enveloping | Detached, P: Certification is not offered, a PAdES signature is an approval one) or `documentDigests` (C, Ades-B-B, Detached only). The authorisation (credentials/authorize `hashes`, or the OAuth `documentDigests`) must be the documents’ digests made with the key’s digest algorithm, in order: each document is hashed here and must match; the signing service then prepares the signature and the key store signs its data-to-be-signed under that one-time authorisation. Results: `DocumentWithSignature` for signatures that carry the document (XAdES enveloped/enveloping, CAdES attached, PAdES), `SignatureObject` for detached ones — one entry per document, in order, in the array its envelope belongs to.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        clientData?: string;
                        /** @description A credentialID from credentials/list */
                        credentialID: string;
                        documentDigests?: ({
                            conformance_level?: string;
                            hashAlgorithmOID: string;
                            /** @description The hashes to be signed, Base64, in order */
                            hashes: string[];
                            signAlgo?: string;
                            /** @description Base64 */
                            signAlgoParams?: string;
                            signature_format: string;
                            signed_envelope_property?: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        documents?: ({
                            conformance_level?: string;
                            /** @description The whole document, Base64 */
                            document: string;
                            signAlgo?: string;
                            /** @description Base64 */
                            signAlgoParams?: string;
                            signature_format: string;
                            signed_envelope_property?: string;
                        } & {
                            [key: string]: unknown;
                        })[];
                        operationMode?: string;
                        returnValidationInfo?: boolean;
                        SAD?: string;
                        signAlgo?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/csc/v2/signatures/signHash": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * signatures/signHash: signs, once, exactly the hashes the SAD (or the OAuth access token’s credential authorisation) authorised
         * @description Scope `credential` or `signing`. Without a SAD, an OAuth access token whose user approved `authorization_details` of type `credential` on the consent page (oauth2code) signs exactly those document digests, once, within the authorisation’s 5 minutes. Signatures in the order of the hashes: GOST R 34.10-2012 as GOST R 34.11/34.10 (and OpenSSL) write them, ECDSA as DER, RSA as the key is made.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        clientData?: string;
                        /** @description A credentialID from credentials/list */
                        credentialID: string;
                        hashAlgorithmOID?: string;
                        /** @description The hashes to be signed, Base64, in order */
                        hashes: string[];
                        operationMode?: string;
                        response_uri?: string;
                        SAD?: string;
                        signAlgo: string;
                        /** @description Base64 */
                        signAlgoParams?: string;
                        validity_period?: number;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/csc/v2/signatures/timestamp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * signatures/timestamp: an RFC 3161 time-stamp token of our TSA over the hash, with the caller's nonce
         * @description Any scope of this API. `nonce`: decimal or hex, echoed in the token.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        clientData?: string;
                        /** @description Base64 */
                        hash: string;
                        hashAlgorithmOID: string;
                        nonce?: string;
                    } & {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                            uptimeSeconds: number;
                            version: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pki/ca/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A CA certificate (DER; `.pem` for PEM), the caIssuers URL of issued certificates */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    file: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pki/cas": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every certification authority with its certificate, CRL, OCSP and time-stamp URLs */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            certificatePem: string;
                            certificateUrl: string;
                            crlUrl: string;
                            deltaCrlUrl: string;
                            hierarchy: "gost" | "infrastructure";
                            id: string;
                            ocspUrl: string;
                            parentId: string | null;
                            role: "root" | "issuing";
                            subject: string;
                            tsaUrl?: string;
                        }[];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pki/crl/{ca}/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One CRL shard of a CA (`<ca>/<shard>.crl`, the CRL distribution point of the certificates issued into it), DER, with a critical issuingDistributionPoint naming this URL */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    ca: string;
                    file: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pki/crl/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A CA's current complete CRL (`<ca>.crl`, the CRL distribution point of issued certificates) or delta CRL (`<ca>-delta.crl`, their freshestCRL), DER */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    file: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pki/ocsp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** OCSP (RFC 6960) over POST: body application/ocsp-request */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pki/ocsp/{*}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** OCSP (RFC 6960 appendix A.1) over GET: base64 of the DER request in the path */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    "*": string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/pki/tsp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Time-stamp protocol (RFC 3161 §3.4): body application/timestamp-query */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the database answers and every migration is applied */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            database: "pglite" | "postgres";
                            /** @description Number of applied migrations */
                            migrations: number;
                            /** @enum {string} */
                            status: "ready";
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
};
export type webhooks = Record<string, never>;
export type components = {
    schemas: {
        Problem: {
            /** @description Stable, machine-readable error code */
            code: string;
            detail: string;
            /** @description Per-field problems, for VALIDATION_FAILED */
            errors?: {
                message: string;
                path: string;
            }[];
            /** @description The request path */
            instance: string;
            requestId: string;
            status: number;
            title: string;
            /** @description urn:podpis:problem:<code> */
            type: string;
        } & {
            [key: string]: unknown;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
};
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
