import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { AppError } from "../core/app-error.ts";
import type { Storage, StoredObjectInfo } from "../ports/storage.ts";
import { assertFolderPrefix, assertKeyPrefix, assertObjectKey, describeKey } from "./storage-key.ts";

/**
 * Storage in any S3 API (Cloudflare R2, AWS, MinIO, s3rver in tests) under a key prefix.
 * The client is passed in so one process shares one connection pool and tests pass their own.
 */
export interface S3StorageOptions {
  client: S3Client;
  bucket: string;
  /** Prepended to every key: "" or ending in "/", e.g. "bibles/pilot/". */
  prefix: string;
  /** How messages name this storage, e.g. "s3://films/bibles/pilot". */
  uri: string;
}

export interface S3ClientOptions {
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

export function createS3Client(options: S3ClientOptions): S3Client {
  const { accessKeyId, secretAccessKey } = options;
  // Half a key pair would silently fall back to the SDK's environment chain and sign as someone else.
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new AppError(
      "STORAGE_INVALID_CONFIG",
      "S3 credentials need both an access key id and a secret access key; only one was given",
    );
  }
  return new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    // Newer SDKs checksum every request and response by default (CRC32, as aws-chunked trailers
    // on streamed bodies), which R2 and s3rver do not all accept; only send them when S3 demands.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

/** The S3 error name (NoSuchKey, AccessDenied, ...) or, for network failures, the errno code. */
function failureOf(error: unknown): { name: string; status?: number } {
  const candidate = error as { name?: unknown; code?: unknown; $metadata?: { httpStatusCode?: number } };
  const status = candidate?.$metadata?.httpStatusCode;
  const name =
    typeof candidate?.name === "string" && candidate.name !== "Error"
      ? candidate.name
      : typeof candidate?.code === "string"
        ? candidate.code
        : "Error";
  return { name, status };
}

// A missing bucket is also a 404, but it means the configuration is wrong, not that the object is absent.
function isMissingObject(error: unknown): boolean {
  const { name, status } = failureOf(error);
  return name === "NoSuchKey" || name === "NotFound" || (status === 404 && name !== "NoSuchBucket");
}

// The message names only the bucket, the key and what S3 answered: never the request, which
// carries the signature, nor the SDK's message, which for auth failures can echo the key id.
function s3Error(operation: string, bucket: string, objectKey: string, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const { name, status } = failureOf(error);
  const statusText = status === undefined ? "" : ` (HTTP ${status})`;
  return new AppError(
    "STORAGE_ERROR",
    `s3://${bucket}/${objectKey}: S3 ${operation} failed: ${name}${statusText}`,
    {
      bucket,
      key: objectKey,
      s3Error: name,
      httpStatus: status,
    },
  );
}

export function createS3Storage({ client, bucket, prefix, uri }: S3StorageOptions): Storage {
  if (prefix !== "" && !prefix.endsWith("/")) {
    throw new AppError(
      "STORAGE_INVALID_URI",
      `${uri}: the S3 key prefix ${JSON.stringify(prefix)} must end with /`,
      {
        prefix,
      },
    );
  }
  const objectKeyOf = (key: string) => prefix + key;

  /** Every page of a listing: S3 returns at most 1,000 entries a page, and a roster cut short is a lie. */
  async function* listPages(
    listPrefix: string,
    delimiter?: string,
  ): AsyncGenerator<ListObjectsV2CommandOutput> {
    let continuationToken: string | undefined;
    do {
      const page = await client
        .send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: listPrefix,
            Delimiter: delimiter,
            ContinuationToken: continuationToken,
          }),
        )
        .catch((error: unknown) => {
          throw s3Error("ListObjectsV2", bucket, listPrefix, error);
        });
      yield page;
      continuationToken = page.NextContinuationToken;
      if (page.IsTruncated && !continuationToken) {
        throw new AppError(
          "STORAGE_ERROR",
          `s3://${bucket}/${listPrefix}: S3 said the listing continues but gave no continuation token`,
          { bucket, key: listPrefix },
        );
      }
      if (!page.IsTruncated) continuationToken = undefined;
    } while (continuationToken);
  }

  return {
    uri,

    async listFolders(folderPrefix) {
      assertFolderPrefix(folderPrefix, uri);
      const listPrefix = objectKeyOf(folderPrefix);
      // A Set: a folder must not be counted twice should a server repeat a prefix across pages.
      const names = new Set<string>();
      for await (const page of listPages(listPrefix, "/")) {
        for (const { Prefix: commonPrefix } of page.CommonPrefixes ?? []) {
          const name = commonPrefix?.slice(listPrefix.length, -1);
          if (name) names.add(name);
        }
      }
      return [...names].sort();
    },

    async listKeys(keyPrefix) {
      assertKeyPrefix(keyPrefix, uri);
      const keys: string[] = [];
      for await (const page of listPages(objectKeyOf(keyPrefix))) {
        for (const { Key: objectKey } of page.Contents ?? []) {
          // Keys ending in "/" are the empty "folder" markers consoles create, not objects.
          if (objectKey?.startsWith(prefix) && !objectKey.endsWith("/"))
            keys.push(objectKey.slice(prefix.length));
        }
      }
      // S3 sorts by UTF-8 bytes; sorting here makes the order match the folder adapter exactly.
      return keys.sort();
    },

    async read(key) {
      assertObjectKey(key, uri);
      const objectKey = objectKeyOf(key);
      try {
        const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: objectKey }));
        const bytes = await response.Body?.transformToByteArray();
        return bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.alloc(0);
      } catch (error) {
        if (isMissingObject(error)) {
          throw new AppError("STORAGE_NOT_FOUND", `${describeKey(uri, key)}: no such object`, { key });
        }
        throw s3Error("GetObject", bucket, objectKey, error);
      }
    },

    async write(key, body, contentType) {
      assertObjectKey(key, uri);
      const objectKey = objectKeyOf(key);
      // A single PUT is atomic in S3: readers see the old object or the whole new one.
      await client
        .send(new PutObjectCommand({ Bucket: bucket, Key: objectKey, Body: body, ContentType: contentType }))
        .catch((error: unknown) => {
          throw s3Error("PutObject", bucket, objectKey, error);
        });
    },

    async stat(key): Promise<StoredObjectInfo | undefined> {
      assertObjectKey(key, uri);
      const objectKey = objectKeyOf(key);
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey }));
        return { size: head.ContentLength ?? 0, modified: head.LastModified };
      } catch (error) {
        if (isMissingObject(error)) return undefined;
        throw s3Error("HeadObject", bucket, objectKey, error);
      }
    },
  };
}
