import type { HonoRequest } from "hono";
import { z } from "zod";
import type { ServerSettings } from "../config/config-schema.ts";
import {
  CrossOriginUploadError,
  InvalidRequestError,
  parseJsonBody,
  UnsupportedUploadTypeError,
  UploadTooLargeError,
} from "./request-errors.ts";

/** A document sent as JSON: what `POST /v1/corpora/{name}/documents` takes in place of files. */
const sentDocumentSchema = z
  .object({
    id: z
      .string()
      .min(1)
      .max(512)
      .refine((id) => [...id].every((character) => character >= " " && character !== "\u007f"), {
        message: "has control characters",
      }),
    title: z.string().max(1000).optional(),
    text: z.string(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const documentsBodySchema = z.object({ documents: z.array(sentDocumentSchema).min(1) }).strict();

/** A multipart upload: one or more files under the field `file`, nothing else. */
const filesBodySchema = z.object({ file: z.union([z.instanceof(File), z.array(z.instanceof(File)).min(1)]) }).strict();

/** What an upload carries, checked against the upload limits. */
export type UploadBody =
  | { readonly files: readonly File[] }
  | { readonly documents: readonly z.output<typeof sentDocumentSchema>[] };

/**
 * Reads an upload's body (its size was limited by server.limits.uploadBytes as it arrived): files as
 * multipart/form-data (hono's `parseBody`, every `file` field), or `{ "documents": [...] }` as JSON. Refuses another
 * media type (415), a multipart form from a browser page of another origin not in server.cors.origins (403; the
 * console, served by this server, is of its own origin: see `uploadAllowedFrom`), more than
 * server.limits.uploadFiles files or documents, and a file over server.limits.uploadFileBytes (413).
 */
export async function readUploadBody(request: HonoRequest, settings: ServerSettings): Promise<UploadBody> {
  const { limits } = settings;
  const contentType = request.header("content-type");
  const mediaType = contentType?.split(";")[0]?.trim().toLowerCase();
  let body: UploadBody;
  if (mediaType === "application/json") {
    body = await parseJsonBody(request.raw, documentsBodySchema);
  } else if (mediaType === "multipart/form-data") {
    const origin = request.header("origin");
    if (origin !== undefined && !uploadAllowedFrom(request, origin, settings)) throw new CrossOriginUploadError(origin);
    let form: unknown;
    try {
      form = await request.parseBody({ all: true });
    } catch (error) {
      if (request.raw.signal.aborted) throw error;
      throw new InvalidRequestError(
        'The request body is not valid multipart/form-data: send each file in a part named "file" (curl -F file=@notes.md).',
        "invalid_multipart",
      );
    }
    const parsed = filesBodySchema.safeParse(form);
    if (!parsed.success) throw InvalidRequestError.fromZod(parsed.error);
    body = { files: Array.isArray(parsed.data.file) ? parsed.data.file : [parsed.data.file] };
  } else {
    throw new UnsupportedUploadTypeError(contentType);
  }
  const count = "files" in body ? body.files.length : body.documents.length;
  if (count > limits.uploadFiles) throw new UploadTooLargeError("uploadFiles", limits.uploadFiles);
  if ("files" in body && body.files.some((file) => file.size > limits.uploadFileBytes))
    throw new UploadTooLargeError("uploadFileBytes", limits.uploadFileBytes);
  return body;
}

/**
 * Whether a browser page of `origin` may send a multipart upload: one of the server's own origin (the console it
 * serves), or one that server.cors.origins names. The browser's `Sec-Fetch-Site` says which is which where it is sent:
 * a page cannot set it, it compares scheme, host and port, and no proxy rewrites it (as one may rewrite Host). A browser
 * too old to send it is judged by its Origin against the URL the request was sent to, scheme included (the scheme of
 * this server's own socket: no X-Forwarded-Proto is trusted, as the server is not told of any proxy).
 */
function uploadAllowedFrom(request: HonoRequest, origin: string, settings: ServerSettings): boolean {
  if (settings.cors.origins.includes(origin)) return true;
  const fetchSite = request.header("sec-fetch-site");
  if (fetchSite !== undefined) return fetchSite.trim().toLowerCase() === "same-origin";
  return sameOrigin(origin, request.url);
}

/** Whether a page's origin (scheme, host and port) is that of the URL the request was sent to. */
function sameOrigin(origin: string, url: string): boolean {
  try {
    return new URL(origin).origin === new URL(url).origin;
  } catch {
    return false;
  }
}
