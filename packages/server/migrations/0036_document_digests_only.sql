-- Documents uploaded for their digests alone (`POST /api/v1/documents?keep=digests`,
-- docs/signing.md "Large documents"): streamed through the same hashing, but
-- no chunk is stored, only the name, size, digests and expiry. A detached
-- signature needs nothing more (as CryptoPro DSS does for large files);
-- whatever needs the content (an attached CAdES, XAdES, PAdES, a preview,
-- a download) is refused with DOCUMENT_CONTENT_NOT_KEPT.
ALTER TABLE signing_documents ADD COLUMN content_kept boolean NOT NULL DEFAULT true;
