import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";

/** An S3-compatible server on a free local port, holding one bucket, for tests of LanceDB on object storage. */
export interface S3Server {
  /** http://127.0.0.1:PORT */
  readonly endpoint: string;
  readonly bucket: string;
  /** LanceDB storage options that reach the server, credentials included. */
  readonly storageOptions: Readonly<Record<string, string>>;
  /** s3://bucket/prefix: give each test its own prefix, and it sees no other test's tables. */
  uriFor(prefix: string): string;
  /** Stops the server and removes its files. */
  stop(): Promise<void>;
}

/**
 * The access key and secret s3rver accepts. It checks only the key of a request signed the way LanceDB signs
 * (AWS signature version 4), and lets unsigned requests through.
 */
export const s3rverCredentials = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;

/** Starts s3rver (in this process) in a fresh temporary folder, with the bucket "recall". */
export async function startS3Server(): Promise<S3Server> {
  const directory = await mkdtemp(join(tmpdir(), "recall-s3-"));
  const bucket = "recall";
  const server = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  let port: number;
  try {
    ({ port } = await server.run());
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    storageOptions: {
      aws_endpoint: endpoint,
      allow_http: "true",
      aws_region: "us-east-1",
      aws_access_key_id: s3rverCredentials.accessKeyId,
      aws_secret_access_key: s3rverCredentials.secretAccessKey,
    },
    uriFor: (prefix) => `s3://${bucket}/${prefix}`,
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
