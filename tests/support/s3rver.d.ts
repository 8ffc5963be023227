/** s3rver ships no types: only what tests/support/s3-server.ts uses. */
declare module "s3rver" {
  import type { AddressInfo } from "node:net";

  export interface S3rverOptions {
    readonly port: number;
    readonly address: string;
    readonly silent: boolean;
    /** Where the buckets are kept on disk. */
    readonly directory: string;
    readonly configureBuckets: readonly { readonly name: string }[];
  }

  export default class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }
}
