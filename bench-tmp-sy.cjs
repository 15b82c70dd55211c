var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));
var __toCommonJS = (mod) => __copyProps(__defProp({}, "__esModule", { value: true }), mod);

// src/versions/version.ts
function tryParseVersion(text) {
  const match = VERSION_PATTERN.exec(text);
  if (!match) return void 0;
  const [, major, minor, patch] = match;
  return {
    major: Number(major),
    minor: Number(minor),
    ...patch === void 0 ? {} : { patch: Number(patch) },
    text
  };
}
function parseVersion(text) {
  const parsed = typeof text === "string" ? tryParseVersion(text) : void 0;
  if (!parsed) throw new InvalidVersionError(text);
  return parsed;
}
function parseReportedVersion(text) {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (!match) throw new InvalidVersionError(text);
  return parseVersion(match.slice(1).filter((part) => part !== void 0).join("."));
}
function compareVersions(a, b) {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  if (a.patch === void 0 || b.patch === void 0) return 0;
  return a.patch - b.patch;
}
function releaseLine(version) {
  return `${version.major}.${version.minor}`;
}
function sameReleaseLine(a, b) {
  return a.major === b.major && a.minor === b.minor;
}
var VERSION_PATTERN, VERSION_HINT, InvalidVersionError;
var init_version = __esm({
  "src/versions/version.ts"() {
    "use strict";
    VERSION_PATTERN = /^(0|[1-9]\d{0,3})\.(0|[1-9]\d{0,3})(?:\.(0|[1-9]\d{0,4}))?$/;
    VERSION_HINT = 'a Redis version is "major.minor" or "major.minor.patch", for example "7.4" or "7.4.2"';
    InvalidVersionError = class extends Error {
      constructor(input) {
        super(`${JSON.stringify(input)} is not a valid Redis version: ${VERSION_HINT}`);
        this.input = input;
        this.name = "InvalidVersionError";
      }
      input;
    };
  }
});

// src/versions/catalogue.ts
var RC_NOTES, WHATS_NEW, RS_NOTES, ROWS, CATALOGUE, PLATFORMS, DAY_MS;
var init_catalogue = __esm({
  "src/versions/catalogue.ts"() {
    "use strict";
    init_version();
    RC_NOTES = "https://redis.io/docs/latest/operate/rc/changelog/version-release-notes";
    WHATS_NEW = "https://redis.io/docs/latest/develop/whats-new";
    RS_NOTES = "https://redis.io/docs/latest/operate/rs/release-notes";
    ROWS = [
      // Redis Cloud. Redis Cloud has no version release-notes page for 6.2.
      { platform: "redis-cloud", line: "6.2", status: "ga", support: "LTS", endOfLife: "2027-04-01", plans: ["pro"] },
      {
        platform: "redis-cloud",
        line: "7.2",
        status: "ga",
        support: "LTS",
        endOfLife: "2029-12-01",
        plans: ["essentials", "pro"],
        releaseNotes: `${RC_NOTES}/7-2/`,
        breakingChanges: `${RC_NOTES}/7-2/#breaking-changes`
      },
      {
        platform: "redis-cloud",
        line: "7.4",
        status: "ga",
        support: "LTS",
        endOfLife: "2029-12-01",
        plans: ["essentials", "pro"],
        releaseNotes: `${RC_NOTES}/7-4/`,
        breakingChanges: `${RC_NOTES}/7-4/#breaking-changes`
      },
      // Also "not available for new databases"; this project only upgrades existing ones.
      {
        platform: "redis-cloud",
        line: "8.0",
        status: "preview",
        support: "STS",
        endOfLife: "2026-12-01",
        plans: ["essentials"],
        releaseNotes: `${RC_NOTES}/8-0/`,
        breakingChanges: `${RC_NOTES}/8-0/#breaking-changes`
      },
      {
        platform: "redis-cloud",
        line: "8.2",
        status: "ga",
        support: "LTS",
        endOfLife: "2030-09-01",
        plans: ["essentials", "pro"],
        releaseNotes: `${RC_NOTES}/8-2/`,
        breakingChanges: `${RC_NOTES}/8-2/#breaking-changes`
      },
      // The 8.4 and 8.6 pages list known limitations but no breaking changes.
      { platform: "redis-cloud", line: "8.4", status: "ga", support: "STS", endOfLife: "2027-01-01", plans: ["essentials", "pro"], releaseNotes: `${RC_NOTES}/8-4/` },
      // End of life "TBD" in the docs.
      { platform: "redis-cloud", line: "8.6", status: "ga", support: "STS", plans: ["essentials", "pro"], releaseNotes: `${RC_NOTES}/8-6/` },
      // Redis Software has no release notes per database version: it bundles Redis
      // Open Source, so each line links "What's new in Redis X.Y" (none exists for 6.0).
      // The bundled-versions table starts at Redis Software 7.2.4, which already
      // bundles 6.0, 6.2 and 7.2, so when those first shipped is not stated.
      // No end-of-life dates per database version are given for Redis Software.
      { platform: "redis-software", line: "6.0", droppedIn: "7.8" },
      { platform: "redis-software", line: "6.2", releaseNotes: `${WHATS_NEW}/6-2/` },
      {
        platform: "redis-software",
        line: "7.2",
        releaseNotes: `${WHATS_NEW}/7-2/`,
        breakingChanges: `${RS_NOTES}/rs-7-2-4-releases/rs-7-2-4-52/#redis-72-breaking-changes`
      },
      {
        platform: "redis-software",
        line: "7.4",
        bundledSince: "7.8",
        releaseNotes: `${WHATS_NEW}/7-4/`,
        breakingChanges: `${RS_NOTES}/rs-7-8-releases/#redis-74-breaking-changes`
      },
      // "Redis database version 8 breaking changes" covers the move to any 8.x line.
      {
        platform: "redis-software",
        line: "8.0",
        bundledSince: "8.0.2",
        releaseNotes: `${WHATS_NEW}/8-0/`,
        breakingChanges: `${RS_NOTES}/rs-8-0-releases/#redis-8-breaking-changes`
      },
      { platform: "redis-software", line: "8.2", bundledSince: "8.0.2", releaseNotes: `${WHATS_NEW}/8-2/` },
      { platform: "redis-software", line: "8.4", bundledSince: "8.0.10", releaseNotes: `${WHATS_NEW}/8-4/` },
      { platform: "redis-software", line: "8.6", bundledSince: "8.0.18", releaseNotes: `${WHATS_NEW}/8-6/` }
    ];
    CATALOGUE = Object.freeze(
      ROWS.map((row) => Object.freeze({ ...row, ...row.plans ? { plans: Object.freeze([...row.plans]) } : {} }))
    );
    PLATFORMS = {
      "redis-cloud": {
        name: "Redis Cloud",
        releaseNotesIndex: `${RC_NOTES}/`,
        atEndOfLife: "Redis Cloud upgrades such databases to the next minor version in a maintenance window"
      },
      "redis-software": { name: "Redis Software", releaseNotesIndex: `${RS_NOTES}/` }
    };
    DAY_MS = 24 * 60 * 60 * 1e3;
  }
});

// src/versions/index.ts
var init_versions = __esm({
  "src/versions/index.ts"() {
    "use strict";
    init_version();
    init_catalogue();
  }
});

// src/spec/backup.ts
function refuseSoftwareBackup(spec, ctx) {
  if (spec.backupBeforeUpgrade === true) {
    ctx.addIssue({ code: "custom", path: ["backupBeforeUpgrade"], message: SOFTWARE_BACKUP_UNSUPPORTED });
  }
}
var z, backupBeforeUpgradeField, SOFTWARE_BACKUP_UNSUPPORTED;
var init_backup = __esm({
  "src/spec/backup.ts"() {
    "use strict";
    z = __toESM(require("zod"));
    backupBeforeUpgradeField = z.boolean().optional();
    SOFTWARE_BACKUP_UNSUPPORTED = "not supported for Redis Software: its REST API offers no request that backs a database up to its configured backup location (the bdb actions are backup_reset_status, export to a location given with its credentials, and import). Remove it, and back up first with the cluster's scheduled backups or an export (Cluster Manager \u2192 Databases \u2192 Export) before you merge the pin.";
  }
});

// src/spec/data-loss.ts
function dataLossFlagsSet(flags) {
  return ["mayDiscardData", "forceDiscard"].filter((flag) => flags[flag] === true);
}
function missingAcknowledgement(flags, acknowledged) {
  const set = dataLossFlagsSet(flags);
  if (set.length === 0 || acknowledged === true) return void 0;
  return `upgrade.${set.join(" and upgrade.")} can discard the database's data; set acknowledgeDataLoss: true next to it to confirm, or remove the flag`;
}
var init_data_loss = __esm({
  "src/spec/data-loss.ts"() {
    "use strict";
  }
});

// src/core/errors.ts
function atHost(host) {
  return host ? ` (${host})` : "";
}
function explain(error, debug = false) {
  if (EXPECTED.some((type) => error instanceof type)) return error.message;
  if (debug) return error instanceof Error ? error.stack ?? error.message : String(error);
  const line = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).split("\n")[0];
  return `unexpected ${line} (re-run with ${DEBUG_ENV}=1 for the stack trace, and report it)`;
}
var ApiError, TransportError, ResponseShapeError, UserFacingError, SubmitOutcomeUnknown, DeadlineError, SpecError, RunFailure, EXPECTED, DEBUG_ENV;
var init_errors = __esm({
  "src/core/errors.ts"() {
    "use strict";
    ApiError = class extends Error {
      constructor(method, path5, status, errorCode, detail, host) {
        super(
          `${method} ${path5} answered ${status}` + (errorCode ? ` ${errorCode}` : "") + (detail ? `: ${detail}` : "") + atHost(host)
        );
        this.method = method;
        this.path = path5;
        this.status = status;
        this.errorCode = errorCode;
        this.detail = detail;
        this.host = host;
        this.name = "ApiError";
      }
      method;
      path;
      status;
      errorCode;
      detail;
      host;
    };
    TransportError = class extends Error {
      constructor(method, path5, reason, host) {
        super(`${method} ${path5} failed: ${reason}${atHost(host)}`);
        this.method = method;
        this.path = path5;
        this.reason = reason;
        this.host = host;
        this.name = "TransportError";
      }
      method;
      path;
      reason;
      host;
    };
    ResponseShapeError = class extends Error {
      constructor(method, path5, problems, host) {
        super(`${method} ${path5}${atHost(host)} returned a body we do not understand:
${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.method = method;
        this.path = path5;
        this.problems = problems;
        this.host = host;
        this.name = "ResponseShapeError";
      }
      method;
      path;
      problems;
      host;
    };
    UserFacingError = class extends Error {
      constructor(message) {
        super(message);
        this.name = "UserFacingError";
      }
    };
    SubmitOutcomeUnknown = class extends UserFacingError {
      constructor(method, path5, reason) {
        super(`${method} ${path5}: we cannot tell whether the server acted on it (${reason}); it is not sent again before the control plane is read`);
        this.method = method;
        this.path = path5;
        this.reason = reason;
        this.name = "SubmitOutcomeUnknown";
      }
      method;
      path;
      reason;
    };
    DeadlineError = class extends UserFacingError {
      constructor(waitingFor, terms, wouldWaitMs) {
        super(
          (wouldWaitMs === void 0 ? `the deadline (${terms.budget}) passed while waiting for ${waitingFor}` : `waiting ${(wouldWaitMs / 1e3).toFixed(1)}s for ${waitingFor} would pass the deadline (${terms.budget}); stopped without waiting`) + `: ${terms.afterwards}`
        );
        this.waitingFor = waitingFor;
        this.terms = terms;
        this.wouldWaitMs = wouldWaitMs;
        this.name = "DeadlineError";
      }
      waitingFor;
      terms;
      wouldWaitMs;
    };
    SpecError = class extends Error {
      constructor(where, problems) {
        super(`${where}: invalid configuration
${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.where = where;
        this.problems = problems;
        this.name = "SpecError";
      }
      where;
      problems;
    };
    RunFailure = class extends Error {
      constructor(message) {
        super(message);
        this.name = "RunFailure";
      }
    };
    EXPECTED = [RunFailure, SpecError, UserFacingError, ApiError, TransportError, ResponseShapeError];
    DEBUG_ENV = "REDIS_VERSION_DEBUG";
  }
});

// src/spec/validate.ts
function describeIssues(error) {
  return error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.map(String).join(".") : "(root)";
    if (issue.code === "unrecognized_keys") {
      const keys = issue.keys.map((key) => issue.path.length ? `${field}.${key}` : key);
      return `unknown option ${keys.join(", ")}: remove it or check its spelling`;
    }
    return `${field}: ${issue.message}`;
  });
}
function parseOrThrow(schema, value, where) {
  const result = schema.safeParse(value);
  if (!result.success) throw new SpecError(where, describeIssues(result.error));
  return result.data;
}
var init_validate = __esm({
  "src/spec/validate.ts"() {
    "use strict";
    init_errors();
  }
});

// src/spec/deferred.ts
function isTerraformReference(value) {
  return typeof value === "string" && REFERENCE.test(value);
}
function numericText(value) {
  return typeof value === "string" && /^[+-]?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
}
function deferrable(rule) {
  return z2.unknown().transform((value, ctx) => {
    if (isTerraformReference(value)) return value;
    const result = rule.safeParse(numericText(value));
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue({ ...issue, input: value });
    return z2.NEVER;
  });
}
var z2, REFERENCE;
var init_deferred = __esm({
  "src/spec/deferred.ts"() {
    "use strict";
    z2 = __toESM(require("zod"));
    init_errors();
    init_validate();
    REFERENCE = /\$\{[^}]+\}/;
  }
});

// src/spec/maintenance-window.ts
function isTimeZone(zone) {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
var z3, WEEKDAYS, clockTime, maintenanceWindowSchema, maintenanceWindowsSchema;
var init_maintenance_window = __esm({
  "src/spec/maintenance-window.ts"() {
    "use strict";
    z3 = __toESM(require("zod"));
    WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    clockTime = z3.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day "HH:MM" on a 24-hour clock, such as "02:30"');
    maintenanceWindowSchema = z3.strictObject({
      /** The days the window opens on. @default every day */
      days: z3.array(z3.enum(WEEKDAYS, { error: `must be one of ${WEEKDAYS.join(", ")}` })).min(1, "must list at least one day, or be left out for every day").optional(),
      start: clockTime,
      end: clockTime,
      /** An IANA time zone, such as "Europe/Paris". @default "UTC" */
      timeZone: z3.string().refine(isTimeZone, { error: (issue) => `${JSON.stringify(issue.input)} is not an IANA time zone, such as "Europe/Paris" or "UTC"` }).default("UTC")
    }).refine((window) => window.start !== window.end, { path: ["end"], error: "must differ from start: a window that never closes is no window" });
    maintenanceWindowsSchema = z3.array(maintenanceWindowSchema).min(1, "must list at least one window, or be left out to allow any time");
  }
});

// src/spec/spec.ts
function apiUrl(what, credentialFields) {
  return z4.url({ protocol: /^https?$/, error: `must be ${what}` }).refine((url2) => !carriesCredentials(url2), {
    error: `must not carry credentials: put them in the variables named by ${credentialFields}`
  });
}
function carriesCredentials(url2) {
  try {
    const { username, password } = new URL(url2);
    return Boolean(username || password);
  } catch {
    return false;
  }
}
function requireAcknowledgement(spec, ctx) {
  const problem = missingAcknowledgement(spec.upgrade, spec.acknowledgeDataLoss);
  if (problem) ctx.addIssue({ code: "custom", path: ["acknowledgeDataLoss"], message: problem });
}
var z4, SPEC_ENV, SPEC_FORMAT, DEFAULT_TIMEOUT_MINUTES, DEFAULT_SOFTWARE_USERNAME_ENV, DEFAULT_SOFTWARE_PASSWORD_ENV, SOFTWARE_CA_CERT_ENV, versionText, envName, positiveInt, clusterSchema, dataLossFlags, softwareUpgradeOptionsSchema, commonSpecFields;
var init_spec = __esm({
  "src/spec/spec.ts"() {
    "use strict";
    z4 = __toESM(require("zod"));
    init_versions();
    init_backup();
    init_data_loss();
    init_deferred();
    init_maintenance_window();
    SPEC_ENV = "REDIS_VERSION_SPEC";
    SPEC_FORMAT = 1;
    DEFAULT_TIMEOUT_MINUTES = 60;
    DEFAULT_SOFTWARE_USERNAME_ENV = "REDIS_SOFTWARE_USERNAME";
    DEFAULT_SOFTWARE_PASSWORD_ENV = "REDIS_SOFTWARE_PASSWORD";
    SOFTWARE_CA_CERT_ENV = "REDIS_SOFTWARE_CA_CERT";
    versionText = z4.string({ error: `required: ${VERSION_HINT}` }).refine((text) => tryParseVersion(text) !== void 0, {
      error: (issue) => `${JSON.stringify(issue.input)} is not a valid Redis version: ${VERSION_HINT}`
    });
    envName = z4.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be the name of an environment variable, such as REDIS_SOFTWARE_USERNAME");
    positiveInt = z4.number().int("must be a whole number").positive("must be greater than zero");
    clusterSchema = z4.strictObject({
      /** The REST API address, e.g. https://cluster.example.com:9443. */
      url: deferrable(apiUrl("the cluster's REST API address, such as https://cluster.example.com:9443", "usernameEnv/passwordEnv")),
      /**
       * PEM file of the CA that signed the cluster's certificate, relative to where
       * you synthesize; the construct copies it into the stack. Without it the
       * handler reads the file named by REDIS_SOFTWARE_CA_CERT, then the system trust store.
       */
      caCertFile: z4.string().min(1).optional(),
      /** Accept any certificate. Prints a warning on every apply. @default false */
      insecureSkipTlsVerify: z4.boolean().optional(),
      /** @default "REDIS_SOFTWARE_USERNAME" */
      usernameEnv: envName.default(DEFAULT_SOFTWARE_USERNAME_ENV),
      /** @default "REDIS_SOFTWARE_PASSWORD" */
      passwordEnv: envName.default(DEFAULT_SOFTWARE_PASSWORD_ENV)
    });
    dataLossFlags = {
      /** Allow data loss in a database that is neither replicated nor persistent. Needs acknowledgeDataLoss. */
      mayDiscardData: z4.boolean().optional(),
      /** Discard data even if the database is replicated or persistent. Needs acknowledgeDataLoss. */
      forceDiscard: z4.boolean().optional()
    };
    softwareUpgradeOptionsSchema = z4.strictObject({
      /** Keep shard roles as they were (costs an extra failover). */
      preserveRoles: z4.boolean().optional(),
      /** Restart shards even when the version does not change. */
      forceRestart: z4.boolean().optional(),
      ...dataLossFlags,
      /**
       * How many shards to upgrade at once; 0 is the cluster's default (all shards), per the
       * Redis Software 8.0.18 release notes, which warn against changing it across 8.4. @default 0 (all)
       */
      parallelShardsUpgrade: z4.number().int("must be a whole number").nonnegative("must be 0 (all shards) or more").optional(),
      modules: z4.array(
        z4.strictObject({
          /** @deprecated since Redis Software 7.8.2: modules follow the target version. */
          currentModule: z4.string().min(1).optional(),
          /** @deprecated since Redis Software 7.8.2: modules follow the target version. */
          newModule: z4.string().min(1).optional(),
          /**
           * The module's arguments as one string, e.g. "WORKERS 4": the docs call it an "args list"
           * (requests/bdbs/upgrade.md) and send it as such a string in their own examples.
           */
          newModuleArgs: z4.string().optional()
        })
      ).optional()
    });
    commonSpecFields = {
      format: z4.literal(SPEC_FORMAT),
      /** The construct path, so every message points at the user's code. */
      address: z4.string().min(1),
      /** "major.minor" or "major.minor.patch", e.g. "7.4". */
      redisVersion: versionText,
      /** Must be true for mayDiscardData or forceDiscard to be accepted. */
      acknowledgeDataLoss: z4.boolean().optional(),
      /**
       * Consent to move to a higher major version (7.x to 8.x): without it such a
       * pin is refused before anything is sent. Read the breaking changes first. @default false
       */
      allowMajorVersionUpgrade: z4.boolean().optional(),
      /** When an upgrade may start; outside them apply fails, sending nothing, with the next opening. @default any time */
      maintenanceWindows: maintenanceWindowsSchema.optional(),
      /**
       * Back the database up to its configured backup destination, and wait for
       * the backup to finish, before the upgrade is requested; a failed backup
       * fails the apply with nothing more sent. Redis Cloud only. @default false
       */
      backupBeforeUpgrade: backupBeforeUpgradeField,
      /** How long apply follows the upgrade before failing. @default 60 */
      timeoutMinutes: positiveInt.max(24 * 60, "must be at most 1440 (24 hours)").default(DEFAULT_TIMEOUT_MINUTES)
    };
  }
});

// src/spec/redis-software-database.ts
var z5, softwareDatabaseSpecSchema;
var init_redis_software_database = __esm({
  "src/spec/redis-software-database.ts"() {
    "use strict";
    z5 = __toESM(require("zod"));
    init_backup();
    init_deferred();
    init_spec();
    softwareDatabaseSpecSchema = z5.strictObject({
      kind: z5.literal("redis-software-database"),
      ...commonSpecFields,
      cluster: clusterSchema,
      /** The database's uid (GET /v1/bdbs). */
      databaseUid: deferrable(positiveInt),
      upgrade: softwareUpgradeOptionsSchema.prefault({})
    }).superRefine(requireAcknowledgement).superRefine(refuseSoftwareBackup);
  }
});

// src/spec/redis-cloud-database.ts
var z6, DEFAULT_CLOUD_ACCESS_KEY_ENV, DEFAULT_CLOUD_SECRET_KEY_ENV, CLOUD_URL_ENV, DEFAULT_CLOUD_API_URL, CLOUD_REQUESTS_PER_MINUTE, CLOUD_CA_CERT_ENV, cloudPlanSchema, cloudApiSchema, cloudDatabaseSpecSchema;
var init_redis_cloud_database = __esm({
  "src/spec/redis-cloud-database.ts"() {
    "use strict";
    z6 = __toESM(require("zod"));
    init_deferred();
    init_spec();
    DEFAULT_CLOUD_ACCESS_KEY_ENV = "REDISCLOUD_ACCESS_KEY";
    DEFAULT_CLOUD_SECRET_KEY_ENV = "REDISCLOUD_SECRET_KEY";
    CLOUD_URL_ENV = "REDISCLOUD_URL";
    DEFAULT_CLOUD_API_URL = "https://api.redislabs.com/v1";
    CLOUD_REQUESTS_PER_MINUTE = 400;
    CLOUD_CA_CERT_ENV = "REDISCLOUD_CA_CERT";
    cloudPlanSchema = z6.enum(["pro", "essentials", "active-active"]);
    cloudApiSchema = z6.strictObject({
      /** Absent: the REDISCLOUD_URL variable, else the public API. Kept out of the spec by default so one stack runs anywhere. */
      url: deferrable(apiUrl("the Redis Cloud API address, such as https://api.redislabs.com/v1", "accessKeyEnv/secretKeyEnv")).optional(),
      /** Variable holding the account key (sent as x-api-key). @default "REDISCLOUD_ACCESS_KEY", as the official provider reads it */
      accessKeyEnv: envName.default(DEFAULT_CLOUD_ACCESS_KEY_ENV),
      /** Variable holding the user key (sent as x-api-secret-key). @default "REDISCLOUD_SECRET_KEY" */
      secretKeyEnv: envName.default(DEFAULT_CLOUD_SECRET_KEY_ENV),
      /** PEM file of a CA to trust, relative to the stack directory: only for a proxy or a simulator in front of the API. */
      caCertFile: z6.string().min(1).optional()
    });
    cloudDatabaseSpecSchema = z6.strictObject({
      kind: z6.literal("redis-cloud-database"),
      ...commonSpecFields,
      subscriptionId: deferrable(positiveInt),
      databaseId: deferrable(positiveInt),
      /** Pro and Active-Active databases live under /subscriptions, Essentials ones under /fixed/subscriptions. @default "pro" */
      plan: cloudPlanSchema.default("pro"),
      api: cloudApiSchema.prefault({})
    });
  }
});

// src/spec/redis-software-active-active.ts
var z7, activeActiveUpgradeOptionsSchema, activeActiveSpecSchema;
var init_redis_software_active_active = __esm({
  "src/spec/redis-software-active-active.ts"() {
    "use strict";
    z7 = __toESM(require("zod"));
    init_backup();
    init_deferred();
    init_spec();
    activeActiveUpgradeOptionsSchema = softwareUpgradeOptionsSchema.extend({
      /** Keep the current CRDT protocol version; it must be upgraded before the featureset. */
      keepCrdtProtocolVersion: z7.boolean().optional()
    });
    activeActiveSpecSchema = z7.strictObject({
      kind: z7.literal("redis-software-active-active"),
      ...commonSpecFields,
      /** The cluster the upgrade is requested from (Redis Software 8.0.18 or later); it drives the others. */
      cluster: clusterSchema,
      crdbGuid: deferrable(
        z7.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, "must be the CRDB's GUID, as GET /v1/crdbs lists it")
      ),
      upgrade: activeActiveUpgradeOptionsSchema.prefault({}),
      /** Sent as X-Task-ID; without it one is derived from the GUID, target and options, so a retried apply finds its task. */
      taskId: z7.string().regex(/^[A-Za-z0-9-]{1,64}$/, "must be letters, digits and dashes, at most 64").optional(),
      /** Sent as X-Result-TTL: how long the cluster keeps the task's result. */
      resultTtlSeconds: positiveInt.max(7 * 24 * 3600, "must be at most 604800 (7 days)").optional(),
      /** Other participating clusters, read to report and verify each instance's version. */
      participants: z7.array(clusterSchema).optional()
    }).superRefine(requireAcknowledgement).superRefine(refuseSoftwareBackup);
  }
});

// src/spec/union.ts
var z8, predecessorSpecSchema, order, specSchema;
var init_union = __esm({
  "src/spec/union.ts"() {
    "use strict";
    z8 = __toESM(require("zod"));
    init_redis_cloud_database();
    init_redis_software_active_active();
    init_redis_software_database();
    predecessorSpecSchema = z8.discriminatedUnion("kind", [softwareDatabaseSpecSchema, activeActiveSpecSchema, cloudDatabaseSpecSchema]);
    order = {
      /** Pins whose databases must reach their own pin before this one is upgraded (Replica Of: the replica before its source). */
      upgradeAfter: z8.array(predecessorSpecSchema).optional()
    };
    specSchema = z8.discriminatedUnion("kind", [
      softwareDatabaseSpecSchema.safeExtend(order),
      activeActiveSpecSchema.safeExtend(order),
      cloudDatabaseSpecSchema.safeExtend(order)
    ]);
  }
});

// src/spec/index.ts
var init_spec2 = __esm({
  "src/spec/index.ts"() {
    "use strict";
    init_spec();
    init_validate();
    init_data_loss();
    init_redis_software_database();
    init_redis_cloud_database();
    init_union();
    init_deferred();
    init_redis_software_active_active();
    init_maintenance_window();
  }
});

// src/spec/identity.ts
function softwareDatabaseIdentity(spec) {
  return `redis-software ${origin(spec.cluster.url)} bdb ${spec.databaseUid}`;
}
function activeActiveIdentity(spec) {
  return `redis-software crdb ${spec.crdbGuid.toLowerCase()}`;
}
function cloudDatabaseIdentity(spec) {
  const api = spec.api.url === void 0 ? "(default API)" : origin(spec.api.url);
  const fixed = spec.plan === "essentials" ? "fixed/" : "";
  return `redis-cloud ${api} ${fixed}subscriptions/${spec.subscriptionId}/databases/${spec.databaseId}`;
}
function origin(url2) {
  try {
    return new URL(url2).origin;
  } catch {
    return url2;
  }
}
var init_identity = __esm({
  "src/spec/identity.ts"() {
    "use strict";
  }
});

// src/engine/satisfies.ts
function satisfies(current, pin2) {
  return current.major === pin2.major && compareVersions(current, pin2) >= 0;
}
var init_satisfies = __esm({
  "src/engine/satisfies.ts"() {
    "use strict";
    init_versions();
  }
});

// src/core/clock.ts
var sleep, systemClock;
var init_clock = __esm({
  "src/core/clock.ts"() {
    "use strict";
    sleep = (ms) => new Promise((resolve3) => setTimeout(resolve3, ms));
    systemClock = { now: Date.now, sleep };
  }
});

// src/engine/schedule.ts
function nextWait(elapsedMs, schedule, random) {
  const grown = Math.min(schedule.maxMs, Math.max(0, elapsedMs) * GROWTH);
  return Math.round(Math.max(schedule.minMs, grown * (1 - JITTER * random)));
}
var DEFAULT_SCHEDULE, GROWTH, JITTER;
var init_schedule = __esm({
  "src/engine/schedule.ts"() {
    "use strict";
    DEFAULT_SCHEDULE = { minMs: 1e3, maxMs: 3e4 };
    GROWTH = 0.1;
    JITTER = 0.03;
  }
});

// src/engine/poll.ts
async function pollUntilDone(look, options, clock = systemClock) {
  const since = options.since ?? clock.now();
  const schedule = scheduleOf(options);
  const random = options.random ?? Math.random;
  let wait = Math.max(0, since + schedule.minMs - clock.now());
  let last;
  for (; ; ) {
    const pause = Math.min(wait, options.deadline - clock.now());
    if (pause > 0) await clock.sleep(pause);
    const step = await look();
    wait = nextWait(clock.now() - since, schedule, random());
    if (step.progress) {
      last = step.progress;
      options.onProgress({ ...step.progress, nextCheckInMs: wait });
    }
    if (step.result !== void 0) return step.result;
    if (options.deadline - clock.now() <= 0) return { kind: "timeout", last };
  }
}
function scheduleOf(options) {
  const minMs = options.pollIntervalMs;
  return { minMs, maxMs: Math.max(minMs, options.pollMaxMs ?? DEFAULT_SCHEDULE.maxMs) };
}
var init_poll = __esm({
  "src/engine/poll.ts"() {
    "use strict";
    init_clock();
    init_schedule();
  }
});

// src/platforms/redis-cloud/follow-task.ts
async function followTask(client, clock, taskId, options) {
  let misses = 0;
  let seen = false;
  const look = async () => {
    const task = await client.task(taskId);
    if (!task) {
      if (seen) return { result: { kind: "gone" } };
      misses++;
      return misses > EARLY_NOT_FOUND_LIMIT ? { result: { kind: "missing", polls: misses } } : {};
    }
    seen = true;
    return stepOf(task);
  };
  return pollUntilDone(look, options, clock);
}
function isTaskRunning(task) {
  return QUEUED.has(task.status) || task.status === PROCESSING;
}
function stepOf(task) {
  const progress = progressOf(task);
  if (isTaskRunning(task)) return { progress };
  if (task.status === COMPLETED) return { result: { kind: "completed" }, progress };
  const error = task.response?.error;
  const refusal = error ? { code: error.type, status: error.status, description: error.description } : { status: task.status, description: task.description };
  return { result: { kind: "refused", refusal }, progress };
}
function progressOf(task) {
  if (QUEUED.has(task.status)) {
    return { state: "task queued", detail: "Redis Cloud runs one task per account at a time; others may be ahead of it" };
  }
  return { state: `task ${task.status}` };
}
var EARLY_NOT_FOUND_LIMIT, QUEUED, PROCESSING, COMPLETED;
var init_follow_task = __esm({
  "src/platforms/redis-cloud/follow-task.ts"() {
    "use strict";
    init_poll();
    EARLY_NOT_FOUND_LIMIT = 5;
    QUEUED = /* @__PURE__ */ new Set(["initialized", "received"]);
    PROCESSING = "processing-in-progress";
    COMPLETED = "processing-completed";
  }
});

// src/platforms/redis-cloud/backup.ts
async function backUpCloudDatabase(client, clock, explain2, options) {
  const parts = partsOf(await client.database());
  const without = parts.filter((part) => switchedOff(part.settings));
  if (without.length) return noDestination(client, explain2, without);
  const lookups = [];
  for (const part of parts) {
    const result = await backUpPart(client, clock, explain2, part, options);
    if (result.kind !== "backed-up") return result;
    lookups.push(result.lookup);
  }
  return { kind: "backed-up", lookup: lookups.join(", ") };
}
function backupDestination(database) {
  const parts = partsOf(database);
  if (parts.some((part) => switchedOff(part.settings))) return false;
  const said2 = parts.every((part) => part.settings?.enableRemoteBackup === true || part.settings?.remoteBackupEnabled === true);
  return said2 && parts.length > 0 ? true : void 0;
}
function partsOf(database) {
  if (database.activeActiveRedis !== true) return [{ settings: database.backup }];
  return (database.crdbDatabases ?? []).map((region) => ({ regionName: region.region, settings: region.backup }));
}
function switchedOff(settings) {
  return settings?.enableRemoteBackup === false || settings?.remoteBackupEnabled === false;
}
async function backUpPart(client, clock, explain2, part, options) {
  const where = part.regionName === void 0 ? "" : ` (region ${part.regionName})`;
  let taskId;
  try {
    taskId = (await client.requestBackup(part.regionName)).taskId;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return refused(client, explain2, { code: error.errorCode, status: String(error.status), description: error.detail }, `POST ${client.paths.backup}${where}`, [part]);
  }
  const lookup2 = `GET ${client.taskPath(taskId)}${where}`;
  const outcome = await followTask(client, clock, taskId, options);
  switch (outcome.kind) {
    case "completed":
      return { kind: "backed-up", lookup: lookup2 };
    case "timeout":
      return outcome;
    case "refused":
      return refused(client, explain2, outcome.refusal, lookup2, [part]);
    case "gone":
    case "missing":
      return { kind: "failed", reason: `Redis Cloud lost track of backup task ${taskId} before it ended; look for it with GET ${client.paths.tasks}` };
  }
}
function refused(client, explain2, refusal, lookup2, parts) {
  if (refusal.code !== void 0 && NO_DESTINATION.has(refusal.code)) return noDestination(client, explain2, parts);
  const said2 = [refusal.code, refusal.description].filter(Boolean).join(": ") || refusal.status || "no reason given";
  return { kind: "failed", reason: client.redact(`Redis Cloud answered ${said2} (${lookup2})`) };
}
function noDestination(client, explain2, parts) {
  const regions2 = parts.flatMap((part) => part.regionName === void 0 ? [] : [part.regionName]);
  const which = regions2.length ? `${explain2.database}, region ${regions2.join(" and ")},` : explain2.database;
  const api = explain2.plan === "essentials" ? `PUT ${client.paths.database} with periodicBackupPath set to a storage path` : `PUT ${client.paths.database}${regions2.length ? "/regions" : ""} with remoteBackup {active: true, interval, storageType, storagePath}`;
  return {
    kind: "no-destination",
    fix: `${which} has no remote backup location. Give it one in the Redis Cloud console (the database's Configuration \u2192 Durability \u2192 Remote backup) or with the API (${api}); see https://redis.io/docs/latest/operate/rc/databases/back-up-data/. Then run terraform apply again, or remove backupBeforeUpgrade from the pin.`
  };
}
var NO_DESTINATION;
var init_backup2 = __esm({
  "src/platforms/redis-cloud/backup.ts"() {
    "use strict";
    init_errors();
    init_follow_task();
    NO_DESTINATION = /* @__PURE__ */ new Set(["DATABASE_BACKUP_DISABLED", "DATABASE_BACKUP_NOT_CONFIGURED"]);
  }
});

// src/platforms/redis-cloud/explain.ts
function explainAccess(error, context) {
  switch (error.status) {
    case 401:
      return new UserFacingError(
        `Redis Cloud refused the API keys (401 Unauthorized${said(error)}). Check that ${context.accessKeyEnv} holds the account key and ${context.secretKeyEnv} a user key of the same account (Access Management \u2192 API Keys in the console), that neither was revoked, and that the API is enabled for the account`
      );
    case 403:
      return new UserFacingError(
        `Redis Cloud refused ${error.method} ${error.path} (403 Forbidden${said(error)}). A user key may be limited to an allow-list of source addresses: add this machine's outbound address to the allowed IPs of the user key in ${context.secretKeyEnv} (Access Management \u2192 API Keys), or use a key whose user has a role on this subscription`
      );
    case 429:
      return new UserFacingError(
        `Redis Cloud kept answering 429 Too Many Requests to ${error.method} ${error.path}: either the account's 400 requests a minute are used up (the account key is shared with every other tool), or too many resources are changing in the account at once. Nothing new was started; apply again once the other changes are done`
      );
    default:
      return void 0;
  }
}
function databaseNotFound(error, context) {
  const otherPlan = context.plan !== "essentials" ? 'an Essentials database is read under /fixed/: if it is one, set plan: "essentials"' : 'a Pro or Active-Active database is not read under /fixed/: if it is one, set plan: "pro"';
  return new UserFacingError(
    `Redis Cloud has no ${context.database} (${error.method} ${error.path} answered 404${said(error)}). Check subscriptionId and databaseId; ${otherPlan}`
  );
}
function upgradeSwitchedOff(error, context, facts) {
  if (facts.activeActive || error.errorCode === ACTIVE_ACTIVE_UPGRADE_OFF) {
    return new UserFacingError(activeActiveOff(context, facts.target, fromApi(refusalOf(error))));
  }
  return new UserFacingError(
    `Redis Cloud has the version-upgrade API switched off for this account (412 Precondition Failed${said(error)}), so ${context.database} was not changed. Upgrade it to ${facts.target} in the Redis Cloud console, or ask Redis support (${SUPPORT_URL}) to enable the upgrade API, then apply again`
  );
}
function explainRefusal(refusal, context, facts) {
  const code = refusal.code ?? "";
  const api = fromApi(refusal);
  if (code === ACTIVE_ACTIVE_UPGRADE_OFF) return activeActiveOff(context, facts.target, api);
  if (code === REPLICA_BEHIND) {
    return `${context.database} is the source of a Replica Of (Active-Passive) link whose replica runs an older Redis version, and a source may not run ahead of its replica. Upgrade the replica database to ${facts.target} first (pin it too, and make this pin depend on it), then apply again${api}`;
  }
  if (code === INVALID_VERSION) {
    const valid = facts.validTargets?.length ? `it can go to ${facts.validTargets.join(", ")}` : "it offers no later version now";
    return `${facts.target} is not a version ${context.database} can be upgraded to; ${valid}. Pin one of those${api}`;
  }
  if (BUSY.includes(code)) {
    return `${context.database} or its subscription is busy with another change; apply again once both are active${api}`;
  }
  if (MAINTENANCE.includes(code)) return `the cluster behind ${context.database} is in maintenance; apply again after it${api}`;
  if (NOT_OFFERED.includes(code)) return notOffered(context) + api;
  return describeRefusal(refusal);
}
function describeRefusal(refusal) {
  const head = [refusal.status, refusal.code].filter(Boolean).join(" - ");
  return [head, refusal.description].filter(Boolean).join(": ") || "no reason given";
}
function refusalOf(error) {
  return { code: error.errorCode, status: String(error.status), description: error.detail };
}
function activeActiveOff(context, target, api) {
  return `self-service version upgrades of Active-Active databases are switched off for this Redis Cloud account, so ${context.database} was not changed. Open a support ticket (${SUPPORT_URL}, or Help \u2192 Support in the console) asking Redis to upgrade it to ${target}, or to enable self-service Active-Active upgrades for the account, then run terraform apply again${api}`;
}
function notOffered(context) {
  if (context.plan === "essentials") {
    return `Redis Cloud did not upgrade ${context.database}: Essentials allows manual upgrades to a new major version only, and applies minor versions itself`;
  }
  return `Redis Cloud offers no self-service upgrade for ${context.database}: upgrade it from the console or ask Redis support (${SUPPORT_URL})`;
}
function fromApi(refusal) {
  return ` (Redis Cloud said: ${describeRefusal(refusal)})`;
}
function said(error) {
  const words = [error.errorCode, error.detail].filter(Boolean).join(": ");
  return words ? `: ${words}` : "";
}
var ALREADY_RUNNING, INVALID_VERSION, ACTIVE_ACTIVE_UPGRADE_OFF, REPLICA_BEHIND, BUSY, MAINTENANCE, NOT_OFFERED, SUPPORT_URL;
var init_explain = __esm({
  "src/platforms/redis-cloud/explain.ts"() {
    "use strict";
    init_errors();
    ALREADY_RUNNING = "DATABASE_UPGRADE_IS_ALREADY_RUNNING";
    INVALID_VERSION = "DATABASE_UPGRADE_INVALID_REDIS_VERSION";
    ACTIVE_ACTIVE_UPGRADE_OFF = "ACTIVE_ACTIVE_DATABASE_UPGRADE_IS_NOT_SUPPORTED";
    REPLICA_BEHIND = "DATABASE_REPLICA_OF_INCOMPATIBLE_VERSION";
    BUSY = ["DATABASE_NOT_ACTIVE", "DATABASE_IS_NOT_ACTIVE", "SUBSCRIPTION_NOT_ACTIVE", "DATABASE_SUBSCRIPTION_IN_PENDING_STATUS"];
    MAINTENANCE = ["DATABASE_CLUSTER_IS_IN_MAINTENANCE", "CLUSTER_UNDER_MAINTENANCE"];
    NOT_OFFERED = ["DATABASE_UPGRADE_IS_NOT_SUPPORTED", "DATABASE_INVALID_PLAN_TYPE", "DATABASE_UPGRADE_OF_MEMCACHED_IS_NOT_SUPPORTED"];
    SUPPORT_URL = "https://support.redislabs.com";
  }
});

// src/engine/replication.ts
function endpointOf(text) {
  const match = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/]*@)?([^:/@\s]+):(\d+)/i.exec(text.trim());
  return match ? `${match[1].toLowerCase()}:${match[2]}` : void 0;
}
var init_replication = __esm({
  "src/engine/replication.ts"() {
    "use strict";
  }
});

// src/platforms/version-field.ts
function readReportedVersion(text) {
  if (!text) return void 0;
  try {
    return parseReportedVersion(text);
  } catch (error) {
    if (error instanceof InvalidVersionError) return void 0;
    throw error;
  }
}
var z9, reportedVersionField;
var init_version_field = __esm({
  "src/platforms/version-field.ts"() {
    "use strict";
    z9 = __toESM(require("zod"));
    init_versions();
    reportedVersionField = z9.string().superRefine((text, context) => {
      if (!readReportedVersion(text)) {
        context.addIssue({ code: "custom", message: `expected a Redis version such as "7.4", got ${JSON.stringify(text)}` });
      }
    });
  }
});

// src/platforms/redis-cloud/schemas.ts
var z10, backupSettingsSchema, regionSchema, databaseSchema, listedDatabaseSchema, listedSubscriptionSchema, databaseListSchema, subscriptionSchema, processorErrorSchema, taskSchema, taskListSchema, availableTargetsSchema, redisVersionsSchema, upgradeStatusSchema, errorBodySchema;
var init_schemas = __esm({
  "src/platforms/redis-cloud/schemas.ts"() {
    "use strict";
    z10 = __toESM(require("zod"));
    init_replication();
    init_version_field();
    backupSettingsSchema = z10.object({
      enableRemoteBackup: z10.boolean().optional(),
      remoteBackupEnabled: z10.boolean().optional()
    });
    regionSchema = z10.object({
      region: z10.string(),
      backup: backupSettingsSchema.nullish(),
      /** The full version this region runs, e.g. "7.4.2". */
      redisVersionCompliance: z10.string().optional()
    });
    databaseSchema = z10.object({
      databaseId: z10.number().int(),
      name: z10.string().optional(),
      /** active, pending, active-upgrade-pending, …: kept open so a new status never breaks a read. */
      status: z10.string(),
      /** The selected major.minor, e.g. "7.4"; older databases report a triple such as "6.0.5". */
      redisVersion: reportedVersionField.optional(),
      /** The full compliance version, e.g. "7.4.2" (deprecated in the document, still sent). */
      redisVersionCompliance: reportedVersionField.optional(),
      /** Present (true) on Active-Active databases only. */
      activeActiveRedis: z10.boolean().optional(),
      /** One entry per Active-Active region. */
      crdbDatabases: z10.array(regionSchema).optional(),
      backup: backupSettingsSchema.nullish(),
      /** "host:port" where it answers (fixture rc-go-database-pro.json). */
      publicEndpoint: z10.string().nullish(),
      privateEndpoint: z10.string().nullish(),
      /** Its Replica Of sources, each kept as "host:port" only: a source URI may carry a password. */
      replicaOf: z10.object({ endpoints: z10.array(z10.string().transform(endpointOf)).default([]) }).nullish()
    });
    listedDatabaseSchema = z10.object({
      databaseId: z10.number().int(),
      name: z10.string().optional(),
      redisVersion: z10.string().optional()
    });
    listedSubscriptionSchema = z10.object({ subscriptionId: z10.number().int(), databases: z10.array(listedDatabaseSchema).default([]) });
    databaseListSchema = z10.object({ subscription: z10.union([z10.array(listedSubscriptionSchema), listedSubscriptionSchema]) }).transform((list) => (Array.isArray(list.subscription) ? list.subscription : [list.subscription]).flatMap((entry) => entry.databases));
    subscriptionSchema = z10.object({
      /** active, pending, encryption_key_pending, error, deleting. */
      status: z10.string()
    });
    processorErrorSchema = z10.union([
      z10.object({
        /** The error code, e.g. DATABASE_UPGRADE_INVALID_REDIS_VERSION. */
        type: z10.string().optional(),
        /** An HTTP status with its reason, e.g. "400 BAD_REQUEST". */
        status: z10.string().optional(),
        description: z10.string().optional()
      }),
      z10.string().transform((type) => ({ type, status: void 0, description: void 0 }))
    ]);
    taskSchema = z10.object({
      taskId: z10.string().min(1),
      commandType: z10.string().optional(),
      /** initialized, received, processing-in-progress, processing-completed, processing-error. */
      status: z10.string(),
      description: z10.string().optional(),
      timestamp: z10.string().optional(),
      response: z10.object({
        resourceId: z10.number().int().optional(),
        additionalResourceId: z10.number().int().optional(),
        error: processorErrorSchema.optional(),
        additionalInfo: z10.string().optional()
      }).optional()
    });
    taskListSchema = z10.union([
      z10.object({ tasks: z10.array(taskSchema) }).transform((list) => list.tasks),
      z10.array(taskSchema)
    ]);
    availableTargetsSchema = z10.object({
      targets: z10.array(z10.object({ redisVersion: z10.string() })).default([])
    });
    redisVersionsSchema = z10.object({
      redisVersions: z10.array(
        z10.object({
          version: z10.string(),
          eolDate: z10.string().optional(),
          isPreview: z10.boolean().optional(),
          isDefault: z10.boolean().optional()
        })
      ).default([])
    });
    upgradeStatusSchema = z10.object({
      databaseId: z10.number().int().optional(),
      targetRedisVersion: z10.string().optional(),
      /** Percent, 0–100. */
      progress: z10.number().optional(),
      /**
       * The document (DatabaseVersionUpgradeStatus) lists in-progress,
       * in-progress-recovery-pending, done and failed; kept open, since how a
       * scheduled Active-Active request shows here is documented nowhere.
       */
      upgradeStatus: z10.string().optional()
    });
    errorBodySchema = z10.object({
      type: z10.string().optional(),
      status: z10.union([z10.string(), z10.number()]).optional(),
      description: z10.string().optional(),
      message: z10.string().optional(),
      error: z10.unknown().optional(),
      response: z10.object({ error: z10.unknown().optional() }).optional()
    });
  }
});

// src/platforms/redis-cloud/client.ts
function databasePaths(prefix, address) {
  const fixed = address.plan === "essentials" ? "/fixed" : "";
  const subscription = `${prefix}${fixed}/subscriptions/${address.subscriptionId}`;
  const database = `${subscription}/databases/${address.databaseId}`;
  return {
    subscription,
    databases: `${subscription}/databases`,
    database,
    upgrade: `${database}/upgrade`,
    targets: `${database}/available-target-versions`,
    versions: fixed ? `${prefix}/fixed/redis-versions` : `${prefix}/subscriptions/redis-versions`,
    tasks: `${prefix}/tasks`,
    backup: `${database}/backup`
  };
}
var NOT_OFFERED2, CloudDatabaseClient;
var init_client = __esm({
  "src/platforms/redis-cloud/client.ts"() {
    "use strict";
    init_errors();
    init_versions();
    init_explain();
    init_schemas();
    NOT_OFFERED2 = /* @__PURE__ */ new Set([400, 404, 405, 412, 501]);
    CloudDatabaseClient = class {
      constructor(api, address, context) {
        this.api = api;
        this.address = address;
        this.context = context;
        this.paths = databasePaths(api.prefix, address);
      }
      api;
      address;
      context;
      paths;
      async database() {
        try {
          return await this.get(this.paths.database, databaseSchema);
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) throw databaseNotFound(error, this.context);
          throw error;
        }
      }
      async subscriptionStatus() {
        return (await this.get(this.paths.subscription, subscriptionSchema)).status;
      }
      /** The latest upgrade attempt; undefined when there was none or the endpoint is not offered to the account. */
      async upgradeStatus() {
        return this.optional(this.get(this.paths.upgrade, upgradeStatusSchema));
      }
      /**
       * The versions this database may go to, or else the plan's versions it could
       * go to from `current`; undefined when neither is offered.
       */
      async targets(current) {
        const targets = await this.optional(this.get(this.paths.targets, availableTargetsSchema));
        if (targets) return targets.targets.map((target) => target.redisVersion);
        const query = { subscriptionId: this.address.subscriptionId };
        const all = await this.optional(this.get(this.paths.versions, redisVersionsSchema, { query }));
        return all?.redisVersions.filter((entry) => this.reachable(entry, current)).map((entry) => entry.version);
      }
      /** The databases of the subscription (the first page of 100: an Active-Active subscription holds a few). */
      async subscriptionDatabases() {
        return this.get(this.paths.databases, databaseListSchema, { query: { offset: 0, limit: 100 } });
      }
      /** Sends the upgrade; a failed answer stays an ApiError, since what it means depends on the database. */
      async requestUpgrade(target) {
        const response = await this.explainedAccess(this.api.http.post(this.paths.upgrade, taskSchema, { body: { targetRedisVersion: target } }));
        return response.body;
      }
      /**
       * Starts a backup to the database's configured destination (OpenAPI
       * backupDatabase / backupDatabase_1). An Active-Active database is backed up
       * one region at a time, each named by regionName.
       */
      async requestBackup(regionName) {
        const body = regionName === void 0 ? {} : { regionName };
        return (await this.explainedAccess(this.api.http.post(this.paths.backup, taskSchema, { body }))).body;
      }
      /** Undefined while the task is not visible yet (Redis Cloud answers 404 for a moment after creating it). */
      async task(taskId) {
        try {
          return await this.get(this.taskPath(taskId), taskSchema);
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) return void 0;
          throw error;
        }
      }
      /** The account's tasks of the last days. */
      async tasks() {
        return this.get(this.paths.tasks, taskListSchema);
      }
      /**
       * The plan's list names every version, not where this database can go: a
       * preview is not an upgrade target, nor is a version at or below the current
       * one, and Essentials allows manual upgrades to a new major version only
       * ("Manual upgrades: Major upgrades only", redis/docs rc/databases/
       * version-management.md, table since 76a42e5d7).
       */
      reachable(entry, current) {
        const version = tryParseVersion(entry.version.trim());
        if (!version || entry.isPreview === true) return false;
        if (this.address.plan === "essentials") return version.major > current.major;
        return compareVersions(version, current) > 0;
      }
      taskPath(taskId) {
        return `${this.paths.tasks}/${encodeURIComponent(taskId)}`;
      }
      redact(text) {
        return this.api.http.redact(text);
      }
      async get(path5, schema, options = {}) {
        return (await this.explainedAccess(this.api.http.get(path5, schema, options))).body;
      }
      async optional(call) {
        try {
          return await call;
        } catch (error) {
          if (error instanceof ApiError && NOT_OFFERED2.has(error.status)) return void 0;
          throw error;
        }
      }
      async explainedAccess(call) {
        try {
          return await call;
        } catch (error) {
          throw error instanceof ApiError && explainAccess(error, this.context) || error;
        }
      }
    };
  }
});

// src/platforms/context.ts
function requireEnv(context, name, purpose) {
  const value = context.env[name];
  if (value === void 0 || value === "") {
    throw new UserFacingError(`the environment variable ${name} (${purpose}) is not set: export it in the shell that runs terraform`);
  }
  context.redactor?.add(value);
  if (CONTROL_CHARACTER.test(value)) {
    throw new UserFacingError(
      `the environment variable ${name} (${purpose}) contains a newline or control character: export it without one (printf '%s' rather than echo, and no trailing newline from the file it came from)`
    );
  }
  return value;
}
var CONTROL_CHARACTER;
var init_context = __esm({
  "src/platforms/context.ts"() {
    "use strict";
    init_errors();
    CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
  }
});

// src/platforms/undici.ts
function request(dispatcher, url2, options) {
  return dispatch.call(dispatcher, { ...options, origin: url2.origin, path: `${url2.pathname}${url2.search}` });
}
var Agent, dispatch;
var init_undici = __esm({
  "src/platforms/undici.ts"() {
    "use strict";
    Agent = require("undici/lib/dispatcher/agent");
    dispatch = require("undici/lib/api/api-request");
  }
});

// src/core/deadline.ts
var Deadline, NO_DEADLINE;
var init_deadline = __esm({
  "src/core/deadline.ts"() {
    "use strict";
    init_errors();
    Deadline = class _Deadline {
      constructor(at, terms, now = Date.now) {
        this.at = at;
        this.terms = terms;
        this.now = now;
      }
      at;
      terms;
      now;
      static after(ms, terms, now = Date.now) {
        return new _Deadline(now() + ms, terms, now);
      }
      remaining() {
        return Math.max(0, this.at - this.now());
      }
      /** Throws when no time is left for `what` (a request, a wait). */
      check(what) {
        if (this.remaining() <= 0) throw this.expired(what);
      }
      /** Throws, without waiting, when a wait of `ms` for `what` would end past the deadline. */
      ensureRoom(ms, what) {
        if (ms >= this.remaining()) throw this.expired(what, ms);
      }
      /** Sleeps `ms` if that ends before the deadline; fails at once otherwise. */
      async sleep(ms, what, pause) {
        this.ensureRoom(ms, what);
        await pause(ms);
      }
      /** Aborts after `capMs` or at the deadline, whichever comes first. */
      signal(capMs) {
        return AbortSignal.timeout(Math.max(1, Math.min(capMs, this.remaining())));
      }
      expired(what, wouldWaitMs) {
        return new DeadlineError(what, this.terms, wouldWaitMs);
      }
    };
    NO_DEADLINE = new Deadline(Infinity, { budget: "none", afterwards: "" });
  }
});

// src/core/redaction.ts
function formsOf(secret) {
  const forms = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
  const scheme = AUTH_SCHEME.exec(secret);
  if (scheme) {
    forms.push(scheme[2]);
    if (scheme[1].toLowerCase() === "basic") forms.push(Buffer.from(scheme[2], "base64").toString("utf8"));
  }
  return forms;
}
var REDACTED, AUTH_SCHEME, Redactor;
var init_redaction = __esm({
  "src/core/redaction.ts"() {
    "use strict";
    REDACTED = "[redacted]";
    AUTH_SCHEME = /^(Basic|Bearer)\s+(\S+)$/i;
    Redactor = class {
      secrets = [];
      add(secret) {
        const known = /* @__PURE__ */ new Set([...this.secrets, ...formsOf(secret).filter((form) => form.length > 0)]);
        this.secrets = [...known].sort((a, b) => b.length - a.length);
      }
      redact(text) {
        return this.secrets.reduce((out, secret) => out.split(secret).join(REDACTED), text);
      }
      /** A logger whose every line is redacted first. */
      logger(log) {
        return { info: (line) => log.info(this.redact(line)), warn: (line) => log.warn(this.redact(line)) };
      }
    };
  }
});

// src/platforms/backoff.ts
function backoffDelay(policy, retry, random) {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(ceiling / 2 + random() * ceiling / 2);
}
function retryAfterMs(header, now) {
  if (!header) return void 0;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1e3);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? void 0 : Math.max(0, date - now);
}
var DEFAULT_RETRY;
var init_backoff = __esm({
  "src/platforms/backoff.ts"() {
    "use strict";
    DEFAULT_RETRY = {
      attempts: 6,
      baseDelayMs: 500,
      maxDelayMs: 3e4,
      maxRetryAfterMs: 5 * 6e4
    };
  }
});

// src/core/log.ts
var silentLogger;
var init_log = __esm({
  "src/core/log.ts"() {
    "use strict";
    silentLogger = { info: () => void 0, warn: () => void 0 };
  }
});

// src/platforms/bounded-read.ts
async function readBounded(body, contentLength, limit = MAX_RESPONSE_BYTES) {
  if (contentLength !== void 0 && Number(contentLength) > limit) {
    body.destroy();
    throw new ResponseTooLarge(limit);
  }
  const chunks = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      throw new ResponseTooLarge(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
var MAX_RESPONSE_BYTES, ResponseTooLarge;
var init_bounded_read = __esm({
  "src/platforms/bounded-read.ts"() {
    "use strict";
    MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
    ResponseTooLarge = class extends Error {
      constructor(limit) {
        super(`the answer is larger than ${limit / (1024 * 1024)} MiB (MAX_RESPONSE_BYTES), far more than any answer of this API: stopped reading it`);
        this.limit = limit;
        this.name = "ResponseTooLarge";
      }
      limit;
    };
  }
});

// src/platforms/loopback.ts
function isLoopback(hostname) {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}
var init_loopback = __esm({
  "src/platforms/loopback.ts"() {
    "use strict";
  }
});

// src/platforms/connection-failure.ts
function chain(error) {
  const errors = [];
  for (let current = error; current && errors.length < 4; current = current.cause) errors.push(current);
  return errors;
}
function codeOf(error, matches) {
  return chain(error).find((link) => link.code !== void 0 && matches(link.code));
}
function connectionFailure(error, request2) {
  const head = `${request2.method} ${request2.path} to ${request2.url.origin}`;
  const tls = codeOf(error, (code) => TLS_CODE.test(code));
  if (tls) return `${head} failed: ${tlsAdvice(tls, request2)}`;
  const dns = codeOf(error, (code) => code === "ENOTFOUND");
  if (dns) {
    return `${head} failed: the host name ${request2.url.hostname} does not resolve (ENOTFOUND): check the address in ${request2.settings.address ?? "the spec"} and this machine's DNS`;
  }
  const invalid = codeOf(error, (code) => INVALID_REQUEST.has(code));
  if (invalid) return `${head} was not sent: ${invalid.message} (${invalid.code}); a value contains a newline or control character`;
  return void 0;
}
function tlsAdvice(error, request2) {
  const code = error.code;
  const ca = request2.settings.ca ?? "caCertFile";
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID" || code === "HOSTNAME_MISMATCH") {
    const names = error.cert?.subjectaltname ?? (error.cert?.subject?.CN ? `CN=${error.cert.subject.CN}` : "names not shown");
    return `the server's TLS certificate is not for ${request2.url.hostname} (${code}: it names ${names}). Use an address the certificate names in the URL, or have the certificate reissued with this one; a CA setting does not help`;
  }
  if (code === "CERT_HAS_EXPIRED") {
    return `the server's TLS certificate has expired (${code}): renew it on the server, or correct this machine's clock if that is wrong`;
  }
  if (code === "CERT_NOT_YET_VALID") {
    return `the server's TLS certificate is not valid yet (${code}): correct this machine's clock, or the certificate's start date on the server`;
  }
  if (code.startsWith("ERR_SSL_")) {
    return `the TLS handshake failed (${code}: ${error.message ?? ""}): check that the address in ${request2.settings.address ?? "the spec"} is the server's https port`;
  }
  return `the server's TLS certificate is not trusted (${code}). Point ${ca} at the PEM file of the CA that signed it.`;
}
function wasNeverSent(error) {
  return codeOf(error, (code) => NEVER_SENT.has(code)) !== void 0;
}
function describeNetworkError(error) {
  const err = error;
  const code = err.code ?? err.cause?.code;
  const message = err.cause?.message ?? err.message ?? String(error);
  return code ? `${code} (${message})` : message;
}
var TLS_CODE, NEVER_SENT, INVALID_REQUEST;
var init_connection_failure = __esm({
  "src/platforms/connection-failure.ts"() {
    "use strict";
    TLS_CODE = /CERT|SELF_SIGNED|ISSUER|LEAF_SIGNATURE|INVALID_CA|PATH_LENGTH|INVALID_PURPOSE|HOSTNAME|CRL|^ERR_TLS_|^ERR_SSL_/;
    NEVER_SENT = /* @__PURE__ */ new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "UND_ERR_CONNECT_TIMEOUT"]);
    INVALID_REQUEST = /* @__PURE__ */ new Set(["UND_ERR_INVALID_ARG", "ERR_INVALID_CHAR", "ERR_HTTP_INVALID_HEADER_VALUE", "ERR_INVALID_HTTP_TOKEN"]);
  }
});

// src/platforms/http.ts
function readStandardError(body) {
  if (typeof body !== "object" || body === null) return typeof body === "string" && body ? { detail: body } : {};
  const record = body;
  const text = (key) => typeof record[key] === "string" && record[key] ? record[key] : void 0;
  return {
    errorCode: text("error_code") ?? text("errorCode"),
    detail: text("description") ?? text("message") ?? text("detail") ?? text("title")
  };
}
function verdictOn(method, outcome, failure) {
  const idempotent = method === "GET" || method === "PUT" || method === "DELETE";
  if (outcome.kind === "unreachable") return idempotent || !outcome.sent ? "retry" : "uncertain";
  if (outcome.status === 429) return "retry";
  const busy = outcome.status === 409 && failure instanceof ApiError && failure.errorCode === "busy";
  if (busy || outcome.status >= 500) return idempotent ? "retry" : "uncertain";
  return "final";
}
function flattenHeaders(headers) {
  return Object.fromEntries(
    Object.entries(headers).map(([key, value]) => [key.toLowerCase(), Array.isArray(value) ? value.join(", ") : value])
  );
}
function parseJson(text) {
  if (!text) return void 0;
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, 500);
  }
}
function basicAuth(username, password) {
  return { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}` };
}
var DEFAULT_TIMEOUT_MS, CONTROL_CHARACTER2, HttpClient;
var init_http = __esm({
  "src/platforms/http.ts"() {
    "use strict";
    init_undici();
    init_validate();
    init_clock();
    init_deadline();
    init_redaction();
    init_backoff();
    init_errors();
    init_log();
    init_bounded_read();
    init_loopback();
    init_connection_failure();
    init_bounded_read();
    DEFAULT_TIMEOUT_MS = 3e4;
    CONTROL_CHARACTER2 = /[\u0000-\u001f\u007f]/;
    HttpClient = class {
      constructor(options) {
        this.options = options;
        this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        this.agent = new Agent({
          headersTimeout: this.timeoutMs,
          bodyTimeout: this.timeoutMs,
          connectTimeout: Math.min(this.timeoutMs, 1e4),
          connect: {
            ca: options.caPem,
            rejectUnauthorized: !options.insecureSkipTlsVerify
          }
        });
        this.policy = { ...DEFAULT_RETRY, ...options.retry };
        this.log = options.log ?? silentLogger;
        this.redactor = options.redactor ?? new Redactor();
        for (const secret of [...Object.values(options.authHeaders), ...options.secrets ?? []]) this.redactor.add(secret);
        this.pause = options.sleep ?? sleep;
        this.random = options.random ?? Math.random;
        this.now = options.now ?? Date.now;
        this.deadline = options.deadline ?? NO_DEADLINE;
        this.warnAboutTrust();
      }
      options;
      agent;
      policy;
      log;
      redactor;
      pause;
      random;
      now;
      timeoutMs;
      deadline;
      get baseUrl() {
        return this.options.baseUrl;
      }
      async get(path5, schema, options = {}) {
        return this.request("GET", path5, schema, options);
      }
      async post(path5, schema, options = {}) {
        return this.request("POST", path5, schema, options);
      }
      async request(method, path5, schema, options = {}) {
        for (let attempt = 1; ; attempt++) {
          const outcome = await this.attempt(method, path5, options);
          if (outcome.kind === "answered" && outcome.status >= 200 && outcome.status < 300) {
            return { status: outcome.status, headers: outcome.headers, body: this.parse(method, path5, schema, outcome.json) };
          }
          const failure = this.toError(method, path5, outcome);
          const verdict = verdictOn(method, outcome, failure);
          if (verdict === "uncertain") throw new SubmitOutcomeUnknown(method, path5, failure.message);
          if (verdict === "final" || attempt >= this.policy.attempts) throw failure;
          const delay = this.delayFor(outcome, attempt);
          if (delay === void 0) throw failure;
          this.deadline.ensureRoom(delay, `the retry of ${method} ${path5} (${failure.message})`);
          this.log.info(`${failure.message}; retrying in ${(delay / 1e3).toFixed(1)}s (attempt ${attempt + 1} of ${this.policy.attempts})`);
          await this.pause(delay);
        }
      }
      async close() {
        await this.agent.close();
      }
      /** Scrubs the credentials from text a platform builds out of an answer body (a task's error, say). */
      redact(text) {
        return this.redactor.redact(text);
      }
      async attempt(method, path5, options) {
        const url2 = new URL(path5, this.options.baseUrl);
        for (const [key, value] of Object.entries(options.query ?? {})) {
          if (value !== void 0) url2.searchParams.set(key, String(value));
        }
        const headers = this.headersFor(method, path5, options);
        this.deadline.check(`an answer to ${method} ${path5}`);
        await this.options.pacer?.beforeAttempt(this.deadline);
        const signal = this.deadline.signal(this.timeoutMs);
        try {
          const response = await request(this.agent, url2, {
            method,
            headers,
            body: options.body === void 0 ? void 0 : JSON.stringify(options.body),
            signal
          });
          const answerHeaders = flattenHeaders(response.headers);
          const text = await readBounded(response.body, answerHeaders["content-length"]);
          this.options.pacer?.afterAnswer(answerHeaders, response.statusCode);
          return { kind: "answered", status: response.statusCode, headers: answerHeaders, json: parseJson(text) };
        } catch (error) {
          if (error instanceof ResponseTooLarge) throw new UserFacingError(`${method} ${path5}${this.at()}: ${error.message}`);
          if (signal.aborted) return this.timedOut(method, path5);
          const fatal = connectionFailure(error, { method, path: path5, url: url2, settings: this.options.settings ?? {} });
          if (fatal) throw new UserFacingError(this.redact(fatal));
          return { kind: "unreachable", reason: this.redact(describeNetworkError(error)), sent: !wasNeverSent(error) };
        }
      }
      /** The headers of one attempt, refusing before anything is sent a value no server could receive. */
      headersFor(method, path5, options) {
        const headers = {
          accept: "application/json",
          ...options.body === void 0 ? {} : { "content-type": "application/json" },
          ...options.headers,
          ...this.options.authHeaders
        };
        const bad = Object.keys(headers).find((name) => CONTROL_CHARACTER2.test(headers[name]));
        if (bad !== void 0) {
          const source = bad in this.options.authHeaders ? ` (it comes from ${this.options.settings?.credentials ?? "the credentials"})` : "";
          throw new UserFacingError(
            `${method} ${path5}${this.at()} was not sent: the ${bad} header value contains a newline or control character${source}; remove it`
          );
        }
        return headers;
      }
      timedOut(method, path5) {
        if (this.deadline.remaining() <= 0) throw this.deadline.expired(`an answer to ${method} ${path5}${this.at()}`);
        const seconds = this.timeoutMs / 1e3;
        return { kind: "unreachable", reason: `no complete answer within ${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)}s`, sent: true };
      }
      parse(method, path5, schema, json) {
        const result = schema.safeParse(json);
        if (!result.success) {
          throw new ResponseShapeError(method, path5, describeIssues(result.error).map((problem) => this.redact(problem)), this.options.baseUrl);
        }
        return result.data;
      }
      toError(method, path5, outcome) {
        const host = this.options.baseUrl;
        if (outcome.kind === "unreachable") return new TransportError(method, path5, outcome.reason, host);
        const { errorCode, detail } = (this.options.readError ?? readStandardError)(outcome.json);
        const redacted = detail && this.redact(detail);
        const clipped = redacted && redacted.length > 500 ? `${redacted.slice(0, 500)}\u2026` : redacted;
        return new ApiError(method, path5, outcome.status, errorCode && this.redact(errorCode), clipped, host);
      }
      delayFor(outcome, attempt) {
        const asked = outcome.kind === "answered" ? retryAfterMs(outcome.headers["retry-after"], this.now()) : void 0;
        if (asked === void 0) return backoffDelay(this.policy, attempt - 1, this.random);
        if (asked > this.policy.maxRetryAfterMs) return void 0;
        return asked + Math.round(this.random() * Math.min(1e3, this.policy.baseDelayMs));
      }
      at() {
        return ` (${this.options.baseUrl})`;
      }
      warnAboutTrust() {
        const url2 = new URL(this.options.baseUrl);
        if (this.options.insecureSkipTlsVerify && url2.protocol === "https:") {
          this.log.warn(
            `TLS certificate verification is OFF for ${this.options.baseUrl} (insecureSkipTlsVerify): anyone on the path can read the credentials; trust the cluster's CA with caCertFile instead`
          );
        }
        if (url2.protocol === "http:" && !isLoopback(url2.hostname)) {
          this.log.warn(
            `${this.options.baseUrl} is plain http: the credentials travel in cleartext to ${url2.hostname}; use its https address`
          );
        }
      }
    };
  }
});

// src/platforms/pem.ts
function readPemFile(file, namedBy) {
  let text;
  try {
    text = (0, import_node_fs.readFileSync)(file, "utf8");
  } catch (error) {
    const reason = error.code ?? error.message;
    throw new UserFacingError(`cannot read the CA certificate ${file} named by ${namedBy} (${reason}): fix the path or remove the setting`);
  }
  if (!text.includes("-----BEGIN CERTIFICATE-----")) {
    throw new UserFacingError(`${file} named by ${namedBy} is not a PEM certificate: export the CA as PEM text`);
  }
  return text;
}
function readCaSetting(setting, context) {
  if (setting.file) return readPemFile(path.resolve(context.cwd, setting.file), setting.field);
  const fromEnv = context.env[setting.envName];
  return fromEnv ? readPemFile(path.resolve(context.cwd, fromEnv), `the ${setting.envName} variable`) : void 0;
}
var import_node_fs, path;
var init_pem = __esm({
  "src/platforms/pem.ts"() {
    "use strict";
    import_node_fs = require("node:fs");
    path = __toESM(require("node:path"));
    init_errors();
  }
});

// src/platforms/redis-cloud/rate-limit.ts
function cloudBudgetLimit(env) {
  const text = env[CLOUD_BUDGET_ENV];
  if (text === void 0 || text === "") return DEFAULT_CLOUD_BUDGET;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > CLOUD_REQUESTS_PER_MINUTE) {
    throw new UserFacingError(
      `${CLOUD_BUDGET_ENV} must be a whole number from 1 to ${CLOUD_REQUESTS_PER_MINUTE} (the account's limit), got ${JSON.stringify(text)}; unset it for ${DEFAULT_CLOUD_BUDGET}`
    );
  }
  return value;
}
var CLOUD_BUDGET_ENV, DEFAULT_CLOUD_BUDGET, RATE_LIMIT_REMAINING_HEADER, TOO_MANY_REQUESTS, JITTER_MS, SharedCloudBudget;
var init_rate_limit = __esm({
  "src/platforms/redis-cloud/rate-limit.ts"() {
    "use strict";
    init_deadline();
    init_errors();
    init_spec2();
    CLOUD_BUDGET_ENV = "REDISCLOUD_REQUESTS_PER_MINUTE";
    DEFAULT_CLOUD_BUDGET = CLOUD_REQUESTS_PER_MINUTE / 4;
    RATE_LIMIT_REMAINING_HEADER = "x-rate-limit-remaining";
    TOO_MANY_REQUESTS = 429;
    JITTER_MS = 250;
    SharedCloudBudget = class {
      constructor(window, clock, log, limit = DEFAULT_CLOUD_BUDGET) {
        this.window = window;
        this.clock = clock;
        this.log = log;
        this.limit = limit;
      }
      window;
      clock;
      log;
      limit;
      announced = false;
      async beforeAttempt(deadline = NO_DEADLINE) {
        for (; ; ) {
          const wait = this.window.take(this.limit, this.clock.now());
          if (wait === 0) return;
          if (!this.announced) {
            this.log.info(`Redis Cloud API: ${this.limit} requests a minute are spent on this machine (${CLOUD_BUDGET_ENV}); waiting ${(wait / 1e3).toFixed(1)}s for the budget`);
            this.announced = true;
          }
          const jittered = wait + Math.round(this.clock.random() * JITTER_MS);
          await deadline.sleep(jittered, "the Redis Cloud request budget of this machine", this.clock.sleep);
        }
      }
      afterAnswer(headers, status) {
        const now = this.clock.now();
        if (status === TOO_MANY_REQUESTS) {
          this.window.lower(now, (inWindow) => Math.floor(inWindow / 2));
          return;
        }
        const remaining = headers[RATE_LIMIT_REMAINING_HEADER]?.trim();
        if (!remaining || !/^\d+$/.test(remaining)) return;
        const left = Number(remaining);
        this.window.lower(now, (inWindow) => inWindow + left < this.limit ? inWindow + Math.floor(left / 2) : this.limit);
      }
    };
  }
});

// src/platforms/window-log.ts
function recent(stamps, now) {
  return stamps.filter((stamp) => stamp > now - WINDOW_MS && stamp <= now + WINDOW_MS).sort((a, b) => a - b);
}
function acquire(lock) {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (; ; ) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx", mode: 384 });
      return;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
    }
    breakIfStale(lock);
    Atomics.wait(pause, 0, 0, LOCK_RETRY_MS);
  }
}
function breakIfStale(lock) {
  try {
    if (Date.now() - fs.statSync(lock).mtimeMs > STALE_LOCK_MS) fs.rmSync(lock, { force: true });
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
  }
}
var import_node_crypto, fs, os, path2, z11, WINDOW_MS, STALE_LOCK_MS, LOCK_RETRY_MS, logSchema, WindowLog;
var init_window_log = __esm({
  "src/platforms/window-log.ts"() {
    "use strict";
    import_node_crypto = require("node:crypto");
    fs = __toESM(require("node:fs"));
    os = __toESM(require("node:os"));
    path2 = __toESM(require("node:path"));
    z11 = __toESM(require("zod"));
    WINDOW_MS = 6e4;
    STALE_LOCK_MS = 2e3;
    LOCK_RETRY_MS = 2;
    logSchema = z11.object({
      stamps: z11.array(z11.number()),
      ceiling: z11.object({ limit: z11.number().int().min(1), until: z11.number() }).optional()
    });
    WindowLog = class {
      file;
      constructor(account, dir = os.tmpdir()) {
        const digest = (0, import_node_crypto.createHash)("sha256").update(account).digest("hex").slice(0, 32);
        this.file = path2.join(dir, `redis-version-budget-${digest}.json`);
      }
      /** Records a request at `now` and returns 0, or returns how long to wait before the limit lets one through. */
      take(limit, now) {
        return this.locked((log) => {
          const stamps = recent(log.stamps, now);
          const allowed = log.ceiling && log.ceiling.until > now ? Math.min(limit, log.ceiling.limit) : limit;
          if (stamps.length < allowed) return { log: { ...log, stamps: [...stamps, now] }, answer: 0 };
          return { log: { ...log, stamps }, answer: Math.max(1, stamps[stamps.length - allowed] + WINDOW_MS - now) };
        });
      }
      /** Lowers the ceiling for the next minute to what `lower` makes of the requests already in the window. */
      lower(now, lower) {
        this.locked((log) => {
          const stamps = recent(log.stamps, now);
          const limit = Math.max(1, lower(stamps.length));
          const current = log.ceiling && log.ceiling.until > now ? log.ceiling.limit : Infinity;
          return { log: { stamps, ceiling: limit < current ? { limit, until: now + WINDOW_MS } : log.ceiling }, answer: void 0 };
        });
      }
      /** The requests recorded in the minute before `now`. */
      count(now) {
        return recent(this.read().stamps, now).length;
      }
      locked(change) {
        const lock = `${this.file}.lock`;
        acquire(lock);
        try {
          const { log, answer } = change(this.read());
          const temporary = `${this.file}.${process.pid}`;
          fs.writeFileSync(temporary, JSON.stringify(log), { mode: 384 });
          fs.renameSync(temporary, this.file);
          return answer;
        } finally {
          fs.rmSync(lock, { force: true });
        }
      }
      read() {
        try {
          const parsed = logSchema.safeParse(JSON.parse(fs.readFileSync(this.file, "utf8")));
          if (parsed.success) return parsed.data;
        } catch (error) {
          if (error.code !== "ENOENT" && !(error instanceof SyntaxError)) throw error;
        }
        return { stamps: [] };
      }
    };
  }
});

// src/platforms/redis-cloud/read-error.ts
function readCloudError(body) {
  if (typeof body === "string") return { detail: plainText(body) };
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return {};
  const { type, description, message, error, response } = parsed.data;
  const nested = processorError(error) ?? processorError(response?.error);
  if (nested) return nested;
  const spring = typeof error === "string" ? error : void 0;
  return { errorCode: type, detail: description ?? message ?? spring };
}
function processorError(value) {
  if (typeof value !== "object" || value === null) return void 0;
  const parsed = processorErrorSchema.safeParse(value);
  if (!parsed.success || !parsed.data.type) return void 0;
  return { errorCode: parsed.data.type, detail: parsed.data.description };
}
function plainText(text) {
  if (!text.trimStart().startsWith("<")) return text || void 0;
  const title = /<title>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
  return title ? `${title} (an HTML page, not the API's JSON)` : "an HTML page instead of the API's JSON";
}
var init_read_error = __esm({
  "src/platforms/redis-cloud/read-error.ts"() {
    "use strict";
    init_schemas();
  }
});

// src/platforms/redis-cloud/connect.ts
function connectCloud(api, context, tuning = {}) {
  const accessKey = requireEnv(context, api.accessKeyEnv, "the Redis Cloud account key");
  const secretKey = requireEnv(context, api.secretKeyEnv, "the Redis Cloud user key");
  const address = apiAddress(api, context);
  const http = new HttpClient({
    retry: CLOUD_RETRY,
    ...tuning,
    baseUrl: address.origin,
    authHeaders: { "x-api-key": accessKey, "x-api-secret-key": secretKey },
    secrets: [accessKey, secretKey],
    caPem: readCaSetting({ file: api.caCertFile, field: "api.caCertFile", envName: CLOUD_CA_CERT_ENV }, context),
    settings: {
      ca: `api.caCertFile (or the ${CLOUD_CA_CERT_ENV} variable)`,
      address: `api.url (or the ${CLOUD_URL_ENV} variable)`,
      credentials: `${api.accessKeyEnv} and ${api.secretKeyEnv}`
    },
    deadline: context.deadline,
    redactor: context.redactor,
    log: context.log,
    readError: readCloudError,
    pacer: new SharedCloudBudget(
      // One budget per account and API address on this machine: the file is named by a hash, never by the key.
      new WindowLog(`redis-cloud ${address.origin} ${accessKey}`),
      { now: tuning.now ?? Date.now, sleep: tuning.sleep ?? sleep, random: tuning.random ?? Math.random },
      context.log,
      cloudBudgetLimit(context.env)
    )
  });
  return { http, prefix: address.pathname.replace(/\/+$/, "") };
}
function apiAddress(api, context) {
  const fromEnv = context.env[CLOUD_URL_ENV];
  const text = api.url ?? (fromEnv || DEFAULT_CLOUD_API_URL);
  if (!URL.canParse(text) || !/^https?:$/.test(new URL(text).protocol)) {
    throw new UserFacingError(`${CLOUD_URL_ENV} is ${JSON.stringify(text)}, not an http(s) address such as ${DEFAULT_CLOUD_API_URL}`);
  }
  const url2 = new URL(text);
  if (!/\/v1\/?$/.test(url2.pathname)) {
    context.log.warn(`the Redis Cloud API address ${url2.origin}${url2.pathname} does not end in /v1, as ${DEFAULT_CLOUD_API_URL} does: requests may not find the API`);
  }
  return url2;
}
var CLOUD_RETRY;
var init_connect = __esm({
  "src/platforms/redis-cloud/connect.ts"() {
    "use strict";
    init_spec2();
    init_clock();
    init_context();
    init_errors();
    init_http();
    init_pem();
    init_rate_limit();
    init_window_log();
    init_read_error();
    CLOUD_RETRY = { attempts: 10, baseDelayMs: 1e3, maxDelayMs: 6e4 };
  }
});

// src/platforms/redis-cloud/find-task.ts
async function findRunningUpgradeTask(client) {
  const tied = (await client.tasks()).filter(
    (task) => isUpgrade(task) && task.response?.resourceId === client.address.databaseId && isTaskRunning(task)
  );
  return tied.length === 1 ? tied[0] : void 0;
}
function isUpgrade(task) {
  return /upgrade/i.test(task.commandType ?? "");
}
var init_find_task = __esm({
  "src/platforms/redis-cloud/find-task.ts"() {
    "use strict";
    init_follow_task();
  }
});

// src/platforms/redis-cloud/database-status.ts
function databaseState(status) {
  if (status === "active") return "active";
  if (status === "error") return "error";
  return PENDING.has(status) ? "pending" : "unknown";
}
var PENDING;
var init_database_status = __esm({
  "src/platforms/redis-cloud/database-status.ts"() {
    "use strict";
    PENDING = /* @__PURE__ */ new Set([
      "draft",
      "pending",
      "active-change-pending",
      "rcp-active-change-draft",
      "active-change-draft",
      "rcp-draft",
      "rcp-change-pending",
      "proxy-policy-change-pending",
      "proxy-policy-change-draft",
      "dynamic-endpoints-creation-pending",
      "active-upgrade-pending",
      "bdb-update-pending"
    ]);
  }
});

// src/platforms/redis-cloud/observation.ts
function isActiveActive(database) {
  return database.activeActiveRedis === true || (database.crdbDatabases?.length ?? 0) > 0;
}
function currentVersion(database, path5) {
  const text = database.redisVersion ?? database.redisVersionCompliance;
  if (!text || !/^\d+\.\d+/.test(text.trim())) {
    throw new ResponseShapeError("GET", path5, [`redisVersion: expected a version such as "7.4", got ${JSON.stringify(text)}`]);
  }
  return parseReportedVersion(text);
}
function isUpgrading(database, upgrade) {
  return database.status === UPGRADING_STATUS || UPGRADE_RUNNING.has(upgrade?.upgradeStatus ?? "");
}
function reaches(database, path5, target) {
  return satisfies(currentVersion(database, path5), target);
}
function observation(parts) {
  const { database, path: path5 } = parts;
  const current = currentVersion(database, path5);
  const participants = regions(database);
  const wrongKind = parts.declared ? planMismatch(parts.declared, database, path5) : void 0;
  const destination = backupDestination(database);
  return {
    current,
    status: database.status,
    ...wrongKind ? { wrongKind } : {},
    ...parts.scheduled ? { scheduled: parts.scheduled } : {},
    ...parts.together ? { upgradedTogether: parts.together } : {},
    ...parts.running ? { running: parts.running } : {},
    ...parts.targets ? { supportedTargets: readableVersions(parts.targets) } : {},
    ...participants.length ? { participants } : {},
    ...isActiveActive(database) ? { activeActive: true } : {},
    ...destination === void 0 ? {} : { backupDestination: destination },
    replication: replicationOf(database),
    notes: [...notes(database, current, participants), ...parts.together ? [movedTogether(parts.together)] : []]
  };
}
function replicationOf(database) {
  const endpoints = [database.publicEndpoint, database.privateEndpoint].flatMap((text) => text ? [endpointOf(text)] : []).filter(isText);
  const sources = (database.replicaOf?.endpoints ?? []).filter(isText);
  return endpoints.length || sources.length ? { endpoints, sources } : void 0;
}
function planMismatch(declared, database, path5) {
  const activeActive = isActiveActive(database);
  if (activeActive && declared !== "active-active") {
    return `Redis Cloud reports database ${database.databaseId} as Active-Active (GET ${path5}: activeActiveRedis/crdbDatabases), but the pin declares plan: "${declared}". Set plan: "active-active": its upgrade may be scheduled for the whole subscription`;
  }
  if (!activeActive && declared === "active-active") {
    return `Redis Cloud reports database ${database.databaseId} as a single-region Pro database (GET ${path5}), but the pin declares plan: "active-active". Set plan: "pro"`;
  }
  return void 0;
}
function movedTogether(together) {
  return `${together.group}: one request upgrades all its databases to one version: ${together.databases.join(", ")}`;
}
function regions(database) {
  return (database.crdbDatabases ?? []).map((region) => ({
    name: region.region,
    version: region.redisVersionCompliance ?? database.redisVersion ?? "unknown"
  }));
}
function notes(database, current, participants) {
  const found = [];
  if (database.redisVersionCompliance && database.redisVersionCompliance !== current.text) {
    found.push(`runs Redis ${current.text} (compliance version ${database.redisVersionCompliance})`);
  }
  if (isActiveActive(database)) {
    const where = participants.map((p) => `${p.name} ${p.version}`).join(", ");
    found.push(
      `an Active-Active database${where ? ` (${where})` : ""}: it is upgraded in every region through the same request as a Pro database, and Redis Cloud refuses it (412) while self-service Active-Active upgrades are switched off for the account`
    );
  }
  return found;
}
function readableVersions(texts) {
  return texts.flatMap((text) => {
    const version = tryParseVersion(text.trim());
    return version ? [version] : [];
  });
}
var UPGRADING_STATUS, UPGRADE_RUNNING, isText;
var init_observation = __esm({
  "src/platforms/redis-cloud/observation.ts"() {
    "use strict";
    init_satisfies();
    init_replication();
    init_versions();
    init_errors();
    init_backup2();
    UPGRADING_STATUS = "active-upgrade-pending";
    UPGRADE_RUNNING = /* @__PURE__ */ new Set(["in-progress", "in-progress-recovery-pending"]);
    isText = (text) => text !== void 0;
  }
});

// src/platforms/redis-cloud/scheduled.ts
function scheduledUpgrade(upgrade, current, activeActive, lookup2) {
  if (!HELD.has(upgrade?.upgradeStatus ?? "")) return void 0;
  const to = tryParseVersion(upgrade?.targetRedisVersion?.trim() ?? "");
  if (!to || compareVersions(to, current) <= 0) return void 0;
  return heldRequest(to, activeActive, lookup2);
}
function heldRequest(to, activeActive, lookup2) {
  return { to, why: activeActive ? ACTIVE_ACTIVE_SCHEDULE : MAINTENANCE_WINDOW, lookup: lookup2 };
}
var ACTIVE_ACTIVE_SCHEDULE, MAINTENANCE_WINDOW, HELD;
var init_scheduled = __esm({
  "src/platforms/redis-cloud/scheduled.ts"() {
    "use strict";
    init_versions();
    ACTIVE_ACTIVE_SCHEDULE = "Redis Cloud schedules Active-Active upgrades within 1\u20133 weeks in the subscription's maintenance windows";
    MAINTENANCE_WINDOW = "Redis Cloud holds the upgrade for the subscription's maintenance window";
    HELD = /* @__PURE__ */ new Set(["scheduled", "pending", "requested", "queued", "waiting"]);
  }
});

// src/platforms/redis-cloud/follow-database.ts
async function followDatabase(client, clock, target, options, described) {
  let behindSince;
  let seenRunning = target === void 0;
  const ended = (db, upgrade) => {
    if (databaseState(db.status) === "error") return { kind: "failed", reason: errorStatus(described) };
    if (isUpgrading(db, upgrade)) {
      seenRunning = true;
      behindSince = void 0;
      return void 0;
    }
    const failure = failedAttempt(upgrade, target, client.paths.upgrade);
    if (failure && seenRunning) return { kind: "failed", reason: failure };
    const current = currentVersion(db, client.paths.database);
    const scheduled = scheduledUpgrade(upgrade, current, isActiveActive(db), `GET ${client.paths.upgrade}`);
    if (scheduled) return { kind: "scheduled", scheduled };
    if (databaseState(db.status) !== "active") return void 0;
    if (!target || reaches(db, client.paths.database, target)) return { kind: "completed" };
    behindSince ??= clock.now();
    if (clock.now() - behindSince < LANDING_GRACE_MS) return void 0;
    if (failure) return { kind: "failed", reason: failure };
    if (isActiveActive(db)) return { kind: "scheduled", scheduled: heldRequest(target, true, `GET ${client.paths.upgrade}`) };
    return { kind: "completed" };
  };
  const look = async () => {
    const [db, upgrade] = [await client.database(), await client.upgradeStatus()];
    return { result: ended(db, upgrade), progress: progressOf2(db, upgrade) };
  };
  const database = await pollUntilDone(look, options, clock);
  if (database.kind !== "completed") return database;
  return followSubscription(client, clock, options);
}
function followSubscription(client, clock, options) {
  const look = async () => {
    const status = await client.subscriptionStatus();
    const progress = { state: `subscription ${status}` };
    if (status === "active") return { result: { kind: "completed" }, progress };
    if (status !== "error") return { progress };
    const reason = `subscription ${client.address.subscriptionId} went into status "error"; check it in the console and contact Redis support (${SUPPORT_URL})`;
    return { result: { kind: "failed", reason }, progress };
  };
  return pollUntilDone(look, options, clock);
}
function errorStatus(described) {
  return `${described} went into status "error" during the upgrade; check it in the console and contact Redis support (${SUPPORT_URL})`;
}
function failedAttempt(upgrade, target, upgradePath) {
  if (upgrade?.upgradeStatus !== FAILED) return void 0;
  const ours = !target || upgrade.targetRedisVersion === void 0 || upgrade.targetRedisVersion === releaseLine(target);
  if (!ours) return void 0;
  const to = upgrade.targetRedisVersion ? ` to ${upgrade.targetRedisVersion}` : "";
  return `Redis Cloud reports that the upgrade${to} failed (GET ${upgradePath}: upgradeStatus "failed"); the database stays on its version`;
}
function progressOf2(db, upgrade) {
  const state = `database ${db.status}`;
  if (databaseState(db.status) === "unknown") {
    return { state, detail: `a status the Terraform provider does not list; waiting for "active"` };
  }
  if (!isUpgrading(db, upgrade)) return { state };
  return {
    state,
    ...upgrade?.progress === void 0 ? {} : { percent: upgrade.progress },
    ...upgrade?.targetRedisVersion ? { detail: `upgrading to ${upgrade.targetRedisVersion}` } : {}
  };
}
var LANDING_GRACE_MS, FAILED;
var init_follow_database = __esm({
  "src/platforms/redis-cloud/follow-database.ts"() {
    "use strict";
    init_versions();
    init_poll();
    init_database_status();
    init_explain();
    init_observation();
    init_scheduled();
    LANDING_GRACE_MS = 2 * 6e4;
    FAILED = "failed";
  }
});

// src/platforms/redis-cloud/together.ts
async function upgradedTogether(client) {
  const databases = await client.subscriptionDatabases();
  return {
    group: `Redis Cloud Active-Active subscription ${client.address.subscriptionId}`,
    databases: databases.map((db) => `db ${db.databaseId}${db.name ? ` (${db.name})` : ""}${db.redisVersion ? ` on ${db.redisVersion}` : ""}`)
  };
}
var init_together = __esm({
  "src/platforms/redis-cloud/together.ts"() {
    "use strict";
  }
});

// src/platforms/redis-cloud/operation.ts
function taskOperation(taskId, paths, requested) {
  return { kind: "task", taskId, lookup: `GET ${paths.tasks}/${taskId}`, ...requested ? { requested } : {} };
}
function databaseOperation(paths, requested) {
  return { kind: "database", lookup: `GET ${paths.upgrade}`, ...requested ? { requested } : {} };
}
var init_operation = __esm({
  "src/platforms/redis-cloud/operation.ts"() {
    "use strict";
  }
});

// src/platforms/redis-cloud/upgrader.ts
var upgrader_exports = {};
__export(upgrader_exports, {
  cloudDatabaseUpgrader: () => cloudDatabaseUpgrader
});
function cloudDatabaseUpgrader(spec, context, tuning = {}) {
  const plan = PLAN_NAMES[spec.plan];
  const explain2 = {
    database: `${plan} database ${spec.databaseId} in subscription ${spec.subscriptionId}`,
    plan: spec.plan,
    accessKeyEnv: spec.api.accessKeyEnv,
    secretKeyEnv: spec.api.secretKeyEnv
  };
  const client = new CloudDatabaseClient(connectCloud(spec.api, context, tuning), spec, explain2);
  const clock = { now: tuning.now ?? systemClock.now, sleep: tuning.sleep ?? systemClock.sleep };
  return new CloudDatabaseUpgrader(client, explain2, clock, context, cloudDatabaseIdentity(spec));
}
var PLAN_NAMES, CloudDatabaseUpgrader;
var init_upgrader = __esm({
  "src/platforms/redis-cloud/upgrader.ts"() {
    "use strict";
    init_satisfies();
    init_versions();
    init_errors();
    init_clock();
    init_backup2();
    init_client();
    init_connect();
    init_explain();
    init_find_task();
    init_identity();
    init_follow_database();
    init_follow_task();
    init_observation();
    init_scheduled();
    init_together();
    init_operation();
    PLAN_NAMES = { pro: "Pro", essentials: "Essentials", "active-active": "Active-Active" };
    CloudDatabaseUpgrader = class {
      constructor(client, explain2, clock, context, lockKey) {
        this.client = client;
        this.explain = explain2;
        this.clock = clock;
        this.context = context;
        this.lockKey = lockKey;
        this.target = `Redis Cloud ${explain2.database}`;
      }
      client;
      explain;
      clock;
      context;
      lockKey;
      target;
      async observe() {
        const database = await this.client.database();
        const upgrade = await this.client.upgradeStatus();
        const { paths } = this.client;
        const current = currentVersion(database, paths.database);
        const activeActive = isActiveActive(database);
        const running = isUpgrading(database, upgrade) ? databaseOperation(paths) : void 0;
        const scheduled = running ? void 0 : scheduledUpgrade(upgrade, current, activeActive, `GET ${paths.upgrade}`);
        const targets = running || scheduled ? void 0 : await this.client.targets(current);
        const together = activeActive ? await upgradedTogether(this.client) : void 0;
        return observation({ database, path: paths.database, running, targets, declared: this.explain.plan, scheduled, together });
      }
      async submit(pin2, observed) {
        const target = parseVersion(releaseLine(pin2));
        try {
          const task = await this.client.requestUpgrade(target.text);
          return taskOperation(task.taskId, this.client.paths, target);
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          return this.afterRefusedRequest(error, target, observed.activeActive === true);
        }
      }
      async follow(operation, pin2, given) {
        const options = { ...given, since: given.since ?? this.clock.now() };
        if (operation.kind === "database") return this.followDatabase(operation.requested, options);
        const target = operation.requested;
        const outcome = await followTask(this.client, this.clock, operation.taskId, options);
        switch (outcome.kind) {
          case "timeout":
            return outcome;
          case "missing":
            return {
              kind: "failed",
              reason: `Redis Cloud answered 404 for task ${operation.taskId} ${outcome.polls} times in a row; look for it with GET ${this.client.paths.tasks}`
            };
          case "refused":
            return this.afterRefusedTask(outcome.refusal, target ?? pin2, options);
          case "completed":
          case "gone":
            return this.followDatabase(target, options);
        }
      }
      async verify(pin2) {
        const database = await this.client.database();
        const observed = observation({ database, path: this.client.paths.database });
        if (satisfies(observed.current, pin2)) return { kind: "verified", observed };
        return { kind: "not-yet", why: `Redis Cloud reports redisVersion ${observed.current.text} (status ${database.status})` };
      }
      backup(options) {
        return backUpCloudDatabase(this.client, this.clock, this.explain, options);
      }
      async afterRefusedRequest(error, target, activeActive) {
        if (error.errorCode === ALREADY_RUNNING || error.status === 409 && error.errorCode === void 0) {
          this.context.log.info(`${this.target}: an upgrade is already running; following it instead of starting another`);
          const running = await findRunningUpgradeTask(this.client);
          return running ? taskOperation(running.taskId, this.client.paths) : databaseOperation(this.client.paths, target);
        }
        if (error.status === 404) throw databaseNotFound(error, this.explain);
        if (error.status === 412) throw upgradeSwitchedOff(error, this.explain, { target: target.text, activeActive });
        const reason = await this.explainRefusal(refusalOf(error), target, activeActive);
        throw new UserFacingError(`Redis Cloud refused to upgrade ${this.explain.database} to ${target.text} (${error.method} ${error.path}): ${reason}`);
      }
      async afterRefusedTask(refusal, target, options) {
        if (refusal.code === ALREADY_RUNNING) {
          this.context.log.info(`${this.target}: Redis Cloud says an upgrade is already running; following it`);
          return this.followDatabase(void 0, options);
        }
        if (refusal.code === INVALID_VERSION && await this.alreadyAt(target)) {
          return this.followDatabase(target, options);
        }
        const activeActive = observation({ database: await this.client.database(), path: this.client.paths.database }).activeActive === true;
        return { kind: "failed", reason: await this.explainRefusal(refusal, target, activeActive) };
      }
      async alreadyAt(target) {
        return reaches(await this.client.database(), this.client.paths.database, target);
      }
      followDatabase(target, options) {
        return followDatabase(this.client, this.clock, target, options, this.explain.database);
      }
      async explainRefusal(refusal, target, activeActive) {
        const validTargets = refusal.code === INVALID_VERSION ? await this.laterVersions() : void 0;
        return this.client.redact(explainRefusal(refusal, this.explain, { target: target.text, activeActive, validTargets }));
      }
      /** The targets Redis Cloud offers above the current version, for a refusal that names a wrong one. */
      async laterVersions() {
        const current = currentVersion(await this.client.database(), this.client.paths.database);
        const targets = await this.client.targets(current);
        return targets?.filter((text) => {
          const version = tryParseVersion(text.trim());
          return version !== void 0 && compareVersions(version, current) > 0;
        });
      }
    };
  }
});

// src/platforms/redis-cloud/maintenance-windows.ts
var maintenance_windows_exports = {};
__export(maintenance_windows_exports, {
  subscriptionMaintenanceNote: () => subscriptionMaintenanceNote
});
async function subscriptionMaintenanceNote(spec, context, tuning = {}) {
  if (spec.plan === "essentials") return void 0;
  const api = connectCloud(spec.api, context, tuning);
  const path5 = `${api.prefix}/subscriptions/${spec.subscriptionId}/maintenance-windows`;
  try {
    return describe(spec.subscriptionId, (await api.http.get(path5, maintenanceWindowsSchema2)).body);
  } catch (error) {
    return `subscription ${spec.subscriptionId}'s own maintenance windows could not be read (${explain(error)}); the plan goes on without them`;
  }
}
function describe(subscriptionId, windows) {
  const head = `subscription ${subscriptionId}'s own maintenance windows (Redis Cloud runs its maintenance and scheduled upgrades in them)`;
  if (windows.mode !== "manual" || windows.windows.length === 0) return `${head}: ${windows.mode}, Redis Cloud chooses the time`;
  const listed = windows.windows.map(
    (window) => `${window.days.join(", ")} from ${String(window.startHour).padStart(2, "0")}:00 for ${window.durationInHours} h`
  );
  return `${head}: ${listed.join("; ")}${windows.timeZone ? ` (time zone ${windows.timeZone})` : ""}`;
}
var z12, maintenanceWindowsSchema2;
var init_maintenance_windows = __esm({
  "src/platforms/redis-cloud/maintenance-windows.ts"() {
    "use strict";
    z12 = __toESM(require("zod"));
    init_errors();
    init_connect();
    maintenanceWindowsSchema2 = z12.object({
      mode: z12.string(),
      timeZone: z12.string().optional(),
      windows: z12.array(z12.object({ days: z12.array(z12.string()).default([]), startHour: z12.number().int(), durationInHours: z12.number().int() })).default([])
    });
  }
});

// src/platforms/redis-software/explain.ts
async function explained(call, context) {
  try {
    return await call;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    throw explainApiError(error, context) ?? error;
  }
}
async function absentOn404(call) {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return void 0;
    throw error;
  }
}
function explainApiError(error, context) {
  const said2 = error.detail ?? error.errorCode;
  const because = said2 ? `: ${said2}` : "";
  switch (error.status) {
    case 400:
      return new UserFacingError(`${context.url} rejected ${error.method} ${error.path} (400)${because || ": no reason given"}`);
    case 401:
      return new UserFacingError(
        `${context.url} refused the credentials (401): check the username in ${context.usernameEnv} and the password in ${context.passwordEnv}`
      );
    case 403:
      return new UserFacingError(
        `the user in ${context.usernameEnv} may not ${error.method} ${error.path} on ${context.url} (403): it needs the ${context.permission} permission (a role such as admin, cluster_member or db_member)`
      );
    case 404:
      return new UserFacingError(`${context.notFound} (404${because})`);
    case 406:
      return new UserFacingError(
        `${context.url} refused the upgrade (406): the new module versions' capabilities do not fit the database's configuration${because}. Check upgrade.modules, or change the database setting the module cannot support, then apply again`
      );
    case 409:
      return new UserFacingError(
        `${context.url} is busy with another operation on this database (409${because}): wait for it to finish, then apply again`
      );
    default:
      return void 0;
  }
}
var init_explain2 = __esm({
  "src/platforms/redis-software/explain.ts"() {
    "use strict";
    init_errors();
  }
});

// src/platforms/redis-software/reported-versions.ts
function currentVersion2(bdb) {
  const line = parseReportedVersion(bdb.redis_version);
  const full = readReportedVersion(bdb.version);
  return full && sameReleaseLine(full, line) ? full : line;
}
function offPin(bdb, pin2) {
  if (satisfies(currentVersion2(bdb), pin2)) return void 0;
  return `the database reports redis_version ${bdb.redis_version}${bdb.version ? ` (version ${bdb.version})` : ""}, which does not satisfy ${pin2.text}`;
}
function supportedRedisVersions(nodes) {
  const lists = nodes.flatMap((node) => node.supported_database_versions ? [node.supported_database_versions] : []);
  if (lists.length === 0) return void 0;
  const perNode = lists.map(
    (list) => new Set(list.filter((entry) => entry.db_type === "redis").map((entry) => (entry.version || entry.redis_version) ?? ""))
  );
  return [...perNode[0]].filter((text) => perNode.every((offered) => offered.has(text))).flatMap((text) => readReportedVersion(text) ?? []).sort(compareVersions);
}
var NEWER_TARGETS_HINT;
var init_reported_versions = __esm({
  "src/platforms/redis-software/reported-versions.ts"() {
    "use strict";
    init_satisfies();
    init_versions();
    init_version_field();
    NEWER_TARGETS_HINT = "upgrade the cluster's Redis Software first: the nodes bundle the versions a database can run";
  }
});

// src/platforms/redis-software/schemas.ts
var z13, numberLike, errorBodySchema2, bdbModuleSchema, syncSourceSchema, bdbEndpointSchema, bdbSchema, anyBdbSchema, BDB_FIELDS, listedBdbSchema, bdbListSchema, supportedDatabaseVersionSchema, nodeSchema, nodesSchema, clusterSchema2, moduleSchema, moduleListSchema, actionErrorSchema, actionSchema, bdbActionsSchema, taskActionSchema, actionsListSchema, upgradeAcceptedSchema;
var init_schemas2 = __esm({
  "src/platforms/redis-software/schemas.ts"() {
    "use strict";
    z13 = __toESM(require("zod"));
    init_replication();
    init_version_field();
    numberLike = z13.union([
      z13.number(),
      z13.string().regex(/^-?\d+(\.\d+)?$/, "must be a number or a numeric string").transform(Number)
    ]);
    errorBodySchema2 = z13.object({
      error_code: z13.string().optional(),
      /** The OpenAPI document names the human text `description`, the prose docs `message`. */
      description: z13.string().optional(),
      message: z13.string().optional(),
      /** Present on CRDB errors: which participant answered. */
      cluster_name: z13.string().optional()
    });
    bdbModuleSchema = z13.object({
      module_name: z13.string(),
      module_id: z13.string().optional(),
      /** Documented as `[string, null]` and deprecated as of 8.0 (redis/docs …/rest-api/objects/bdb/_index.md): null must not break a read. */
      module_args: z13.string().nullable().optional(),
      semantic_version: z13.string().optional()
    });
    syncSourceSchema = z13.object({ uri: z13.string() }).transform(({ uri }) => endpointOf(uri));
    bdbEndpointSchema = z13.object({
      dns_name: z13.string().optional(),
      addr: z13.array(z13.string()).optional(),
      port: z13.number().int().optional()
    });
    bdbSchema = z13.object({
      uid: z13.number().int(),
      name: z13.string().optional(),
      type: z13.string().optional(),
      /** major.minor of the redis-server processes ("8.0", "6.0-big"). */
      redis_version: reportedVersionField,
      /** The full compatibility version ("8.0.0"). */
      version: z13.string().optional(),
      /** pending, active, active-change-pending, …: kept open so a new status never breaks a read. */
      status: z13.string(),
      /** The running (or last) action; absent on an idle bdb in the capture. */
      action_uid: z13.string().optional(),
      crdt: z13.boolean().optional(),
      crdt_guid: z13.string().optional(),
      crdt_protocol_version: z13.number().int().optional(),
      crdt_featureset_version: z13.number().int().optional(),
      replication: z13.boolean().optional(),
      data_persistence: z13.string().optional(),
      module_list: z13.array(bdbModuleSchema).optional(),
      /** Replica Of sources, each kept as "host:port" only: the URI carries the source's password. */
      replica_sources: z13.array(syncSourceSchema).optional(),
      sync_sources: z13.array(syncSourceSchema).optional(),
      endpoints: z13.array(bdbEndpointSchema).optional()
    });
    anyBdbSchema = bdbSchema.extend({ redis_version: reportedVersionField.optional() });
    BDB_FIELDS = Object.keys(bdbSchema.shape).join(",");
    listedBdbSchema = bdbSchema.pick({ uid: true, name: true, type: true, crdt: true, crdt_guid: true });
    bdbListSchema = z13.array(listedBdbSchema);
    supportedDatabaseVersionSchema = z13.object({
      db_type: z13.string(),
      version: z13.string().optional(),
      redis_version: z13.string().optional(),
      major: z13.boolean().optional()
    });
    nodeSchema = z13.object({
      uid: z13.number().int(),
      status: z13.string().optional(),
      /** Installed Redis Software, such as "7.22.0-95". */
      software_version: z13.string().optional(),
      supported_database_versions: z13.array(supportedDatabaseVersionSchema).optional()
    });
    nodesSchema = z13.array(nodeSchema);
    clusterSchema2 = z13.object({
      name: z13.string(),
      upgrade_mode: z13.boolean().optional(),
      upgrade_in_progress: z13.boolean().optional(),
      crdt_supported_protocol_versions: z13.array(z13.string()).optional(),
      /** The highest CRDB featureset this cluster runs: above a CRDB's featureset_version, that CRDB can still be updated. */
      crdt_supported_featureset_version: z13.number().int().optional()
    });
    moduleSchema = z13.object({
      uid: z13.string(),
      module_name: z13.string(),
      semantic_version: z13.string(),
      min_redis_version: z13.string().optional(),
      compatible_redis_version: z13.string().optional(),
      is_bundled: z13.boolean().optional()
    });
    moduleListSchema = z13.array(moduleSchema);
    actionErrorSchema = z13.union([z13.string(), errorBodySchema2]);
    actionSchema = z13.object({
      action_uid: z13.string(),
      name: z13.string().optional(),
      /** An open enum: see status-meaning.ts for the words the docs name and what each means. */
      status: z13.string(),
      progress: numberLike.optional(),
      state: z13.string().optional(),
      object_name: z13.string().optional(),
      node_uid: z13.string().optional(),
      heartbeat: z13.number().optional(),
      error: actionErrorSchema.optional()
    });
    bdbActionsSchema = z13.array(actionSchema);
    taskActionSchema = z13.object({
      action_uid: z13.string(),
      name: z13.string().optional(),
      /** objects/action.md names queued … cancelled; kept open like every status (status-meaning.ts). */
      status: z13.string(),
      progress: numberLike.optional(),
      creation_time: numberLike.optional(),
      node_uid: z13.string().optional(),
      error_code: z13.string().optional(),
      error_message: z13.string().optional()
    });
    actionsListSchema = z13.object({
      actions: z13.array(taskActionSchema).default([]),
      "state-machines": z13.array(actionSchema).default([])
    });
    upgradeAcceptedSchema = z13.object({
      action_uid: z13.string().optional(),
      description: z13.string().optional()
    });
  }
});

// src/platforms/redis-software/status-meaning.ts
function statusMeaning(status, vocabulary) {
  if (status === vocabulary.succeeded) return { kind: "succeeded" };
  if (Object.hasOwn(vocabulary.ended, status)) return { kind: "ended", how: vocabulary.ended[status] };
  return vocabulary.running.includes(status) ? { kind: "running" } : { kind: "unknown", status };
}
function notEnded(status, vocabulary) {
  const { kind } = statusMeaning(status, vocabulary);
  return kind === "running" || kind === "unknown";
}
function unknownStatusNote(status) {
  return `status "${status}" is not one the docs list: still following it until the deadline`;
}
var CANCELLED, ACTION_STATUSES, CRDB_TASK_STATUSES;
var init_status_meaning = __esm({
  "src/platforms/redis-software/status-meaning.ts"() {
    "use strict";
    CANCELLED = { cancelled: "was cancelled", canceled: "was cancelled", aborted: "was aborted" };
    ACTION_STATUSES = {
      running: ["pending", "active", "queued", "starting", "running", "cancelling"],
      succeeded: "completed",
      ended: { failed: "failed", ...CANCELLED }
    };
    CRDB_TASK_STATUSES = {
      running: ["queued", "started"],
      succeeded: "finished",
      ended: { failed: "failed", ...CANCELLED }
    };
  }
});

// src/platforms/redis-software/client.ts
function isUpgrade2(action) {
  return action.name === UPGRADE_STATE_MACHINE;
}
function isRunningUpgrade(action) {
  return isUpgrade2(action) && notEnded(action.status, ACTION_STATUSES);
}
var UPGRADE_STATE_MACHINE, LISTED_BDB_FIELDS, RedisSoftwareClient;
var init_client2 = __esm({
  "src/platforms/redis-software/client.ts"() {
    "use strict";
    init_errors();
    init_explain2();
    init_reported_versions();
    init_schemas2();
    init_status_meaning();
    UPGRADE_STATE_MACHINE = "SMUpgradeBDB";
    LISTED_BDB_FIELDS = Object.keys(listedBdbSchema.shape).join(",");
    RedisSoftwareClient = class {
      constructor(http, credentials) {
        this.http = http;
        this.credentials = credentials;
      }
      http;
      credentials;
      get url() {
        return this.http.baseUrl;
      }
      /** Scrubs the credentials from text taken out of an answer body, such as an action's error. */
      redact(text) {
        return this.http.redact(text);
      }
      async getBdb(uid) {
        const call = this.http.get(`/v1/bdbs/${uid}`, anyBdbSchema, { query: { fields: BDB_FIELDS } });
        const bdb = (await explained(call, this.context("view_bdb_info", uid))).body;
        if (bdb.redis_version !== void 0) return { ...bdb, redis_version: bdb.redis_version };
        throw new UserFacingError(
          `database ${uid} on ${this.url} is a ${bdb.type ?? "non-Redis"} database and reports no redis_version: there is no Redis version to pin. Check databaseUid`
        );
      }
      async listBdbs() {
        const call = this.http.get("/v1/bdbs", bdbListSchema, { query: { fields: LISTED_BDB_FIELDS } });
        return (await explained(call, this.context("view_all_bdbs_info"))).body;
      }
      async getNodes() {
        const call = this.http.get("/v1/nodes", nodesSchema);
        return (await explained(call, this.context("view_all_nodes_info"))).body;
      }
      async getCluster() {
        const call = this.http.get("/v1/cluster", clusterSchema2);
        return (await explained(call, this.context("view_cluster_info"))).body;
      }
      /** What every node can run; undefined when the nodes do not say. */
      async supportedVersions() {
        return supportedRedisVersions(await this.getNodes());
      }
      /**
       * Starts the upgrade and returns its action uid. An attempt that leaves us
       * unsure whether the cluster acted is not sent again here: it surfaces as
       * SubmitOutcomeUnknown and the database is read first.
       */
      async upgradeBdb(uid, body) {
        const call = this.http.post(`/v1/bdbs/${uid}/upgrade`, upgradeAcceptedSchema, { body });
        const accepted = (await explained(call, this.context("update_bdb_with_action", uid))).body;
        return accepted.action_uid ?? await this.latestUpgrade(uid);
      }
      /** The action, or undefined once the cluster has forgotten it (it keeps only recent ones). */
      async getAction(actionUid) {
        const call = absentOn404(this.http.get(`/v1/actions/${actionUid}`, actionSchema));
        return (await explained(call, this.context("view_status_of_cluster_action")))?.body;
      }
      async bdbActions(uid) {
        const call = this.http.get(`/v1/actions/bdb/${uid}`, bdbActionsSchema);
        return (await explained(call, this.context("view_status_of_cluster_action", uid))).body;
      }
      /** An upgrade already under way: from the bdb's action list, else from the action the bdb points at. */
      async runningUpgrade(uid, bdbActionUid) {
        const listed = (await this.bdbActions(uid)).find(isRunningUpgrade);
        if (listed || !bdbActionUid) return listed;
        const pointed = await this.getAction(bdbActionUid);
        return pointed && isRunningUpgrade(pointed) ? pointed : void 0;
      }
      /** For a 200 without action_uid: the upgrade the cluster lists for the bdb, running first, else the newest. */
      async latestUpgrade(uid) {
        const found = await this.upgradeOf(uid);
        if (found) return found.action_uid;
        throw new UserFacingError(
          `${this.url} accepted the upgrade of database ${uid} but named no action, and GET /v1/actions/bdb/${uid} lists none: check the database by hand; the next apply reads its version again`
        );
      }
      /** The bdb's upgrade as the cluster lists it: the running one first, else the newest. */
      async upgradeOf(uid) {
        const upgrades = (await this.bdbActions(uid)).filter(isUpgrade2);
        return upgrades.find(isRunningUpgrade) ?? upgrades.at(-1);
      }
      context(permission, uid) {
        return {
          url: this.url,
          ...this.credentials,
          permission,
          notFound: uid === void 0 ? `${this.url} has no such endpoint` : `database uid ${uid} not found on ${this.url}`
        };
      }
    };
  }
});

// src/platforms/redis-software/connect.ts
function connectCluster(cluster, context, tuning = {}) {
  const username = requireEnv(context, cluster.usernameEnv, "the Redis Software username");
  const password = requireEnv(context, cluster.passwordEnv, "the Redis Software password");
  return new HttpClient({
    ...tuning,
    baseUrl: cluster.url,
    authHeaders: basicAuth(username, password),
    secrets: [username, password],
    caPem: readCaSetting({ file: cluster.caCertFile, field: "cluster.caCertFile", envName: SOFTWARE_CA_CERT_ENV }, context),
    insecureSkipTlsVerify: cluster.insecureSkipTlsVerify,
    settings: {
      ca: `cluster.caCertFile (or the ${SOFTWARE_CA_CERT_ENV} variable)`,
      address: "cluster.url",
      credentials: `${cluster.usernameEnv} and ${cluster.passwordEnv}`
    },
    deadline: context.deadline,
    redactor: context.redactor,
    log: context.log,
    readError: readSoftwareError
  });
}
function readSoftwareError(body) {
  if (typeof body === "string") return { detail: body || void 0 };
  const parsed = errorBodySchema2.safeParse(body);
  if (!parsed.success) return {};
  const { error_code, description, message, cluster_name } = parsed.data;
  const text = description || message;
  return { errorCode: error_code, detail: cluster_name && text ? `${cluster_name}: ${text}` : text };
}
var init_connect2 = __esm({
  "src/platforms/redis-software/connect.ts"() {
    "use strict";
    init_spec2();
    init_context();
    init_http();
    init_pem();
    init_schemas2();
  }
});

// src/platforms/redis-software/crdb-schemas.ts
var z14, crdbInstanceSchema, localDatabaseSchema, crdbSchema, crdbListSchema, crdbTaskStatusSchema, crdbTaskSchema;
var init_crdb_schemas = __esm({
  "src/platforms/redis-software/crdb-schemas.ts"() {
    "use strict";
    z14 = __toESM(require("zod"));
    init_schemas2();
    crdbInstanceSchema = z14.object({
      id: z14.number().int(),
      cluster: z14.object({ name: z14.string().optional(), url: z14.string().optional() }).optional(),
      /** "Likely to be empty for instances other than the local one." */
      db_uid: z14.union([z14.string(), z14.number()]).optional()
    });
    localDatabaseSchema = z14.object({
      bdb_uid: z14.union([z14.number().int(), z14.string().regex(/^\d+$/).transform(Number)]),
      id: z14.number().int()
    });
    crdbSchema = z14.object({
      guid: z14.string(),
      name: z14.string().optional(),
      protocol_version: z14.number().int().optional(),
      featureset_version: z14.number().int().optional(),
      default_db_config: z14.object({
        redis_version: z14.string().optional(),
        module_list: z14.array(z14.object({ module_name: z14.string() })).optional()
      }).optional(),
      instances: z14.array(crdbInstanceSchema).default([]),
      local_databases: z14.array(localDatabaseSchema).default([])
    });
    crdbListSchema = z14.union([
      z14.array(crdbSchema),
      z14.object({ crdbs: z14.array(crdbSchema) }).transform((list) => list.crdbs)
    ]);
    crdbTaskStatusSchema = z14.string();
    crdbTaskSchema = z14.object({
      id: z14.string(),
      crdb_guid: z14.string().optional(),
      operation: z14.string().optional(),
      status: crdbTaskStatusSchema,
      /** `{cluster_name, error_code, description}` per failing participant. */
      errors: z14.array(errorBodySchema2).default([]),
      progress: z14.object({
        clusters: z14.array(z14.object({ name: z14.string(), progress: z14.string().optional() })).default([]),
        worker: z14.string().optional()
      }).optional(),
      started: z14.string().optional(),
      ended: z14.string().optional()
    });
  }
});

// src/platforms/redis-software/crdb-client.ts
function rejectsTaskId(error) {
  return error instanceof ApiError && error.status === 400 && /task[ _-]?id/i.test(`${error.errorCode ?? ""} ${error.detail ?? ""}`);
}
function predatesOneCallUpgrade(softwareVersion) {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(softwareVersion.trim());
  return match ? compareVersions(parseVersion(match.slice(1).join(".")), ONE_CALL_UPGRADE_SINCE) < 0 : void 0;
}
var z15, ONE_CALL_UPGRADE_SINCE, taskAcceptedSchema, taskListSchema2, CrdbClient;
var init_crdb_client = __esm({
  "src/platforms/redis-software/crdb-client.ts"() {
    "use strict";
    z15 = __toESM(require("zod"));
    init_versions();
    init_errors();
    init_crdb_schemas();
    init_explain2();
    init_status_meaning();
    ONE_CALL_UPGRADE_SINCE = parseVersion("8.0.18");
    taskAcceptedSchema = z15.object({ id: z15.string().optional(), status: crdbTaskStatusSchema.optional() });
    taskListSchema2 = z15.array(crdbTaskSchema);
    CrdbClient = class {
      constructor(http, credentials, cluster) {
        this.http = http;
        this.credentials = credentials;
        this.cluster = cluster;
      }
      http;
      credentials;
      cluster;
      get url() {
        return this.http.baseUrl;
      }
      async getCrdb(guid) {
        const call = this.http.get(`/v1/crdbs/${guid}`, crdbSchema);
        return (await explained(call, this.context("view_crdb", guid))).body;
      }
      /** The CRDB, or undefined when this cluster does not know it. */
      async findCrdb(guid) {
        const call = absentOn404(this.http.get(`/v1/crdbs/${guid}`, crdbSchema));
        return (await explained(call, this.context("view_crdb", guid)))?.body;
      }
      /** The task, or undefined when the cluster does not know it (not visible yet, or its result expired). */
      async getTask(taskId) {
        const call = absentOn404(this.http.get(`/v1/crdb_tasks/${taskId}`, crdbTaskSchema));
        return (await explained(call, this.context("view_crdb_task")))?.body;
      }
      /**
       * A task of this CRDB that has not ended, from `GET /v1/crdb_tasks` ("running tasks",
       * redis/docs …/requests/crdb_tasks/_index.md): how a task is found when the cluster did not give
       * it our X-Task-ID. Items that do not name their CRDB (real answers may omit crdb_guid) are not
       * claimed. Undefined when there is none, or the cluster has no such list (404).
       */
      async runningTaskOf(guid) {
        const call = absentOn404(this.http.get("/v1/crdb_tasks", taskListSchema2));
        const tasks = (await explained(call, this.context("view_crdb_task")))?.body ?? [];
        return tasks.find((task) => task.crdb_guid === guid && notEnded(task.status, CRDB_TASK_STATUSES));
      }
      /**
       * Starts the upgrade of every participant and returns the task id: the POST
       * answer's, else our X-Task-ID. An attempt of unknown fate is not sent again
       * here: it surfaces as SubmitOutcomeUnknown and the control plane is read first.
       */
      async upgrade(guid, body, request2) {
        const ttl = { "x-result-ttl": String(request2.resultTtlSeconds) };
        try {
          const id = await this.post(guid, body, { "x-task-id": request2.taskId, ...ttl }).catch(async (error) => {
            if (!rejectsTaskId(error)) throw error;
            return await this.post(guid, body, ttl) ?? (await this.runningTaskOf(guid))?.id;
          });
          return id ?? request2.taskId;
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          throw await this.missingOneCallUpgrade(error, guid) ?? explainApiError(error, this.context("upgrade_crdb", guid)) ?? error;
        }
      }
      /** The task id the POST answer names, if any. */
      async post(guid, body, headers) {
        return (await this.http.post(`/v1/crdbs/${guid}/upgrade`, taskAcceptedSchema, { body, headers })).body.id;
      }
      /**
       * Clusters before 8.0.18 have no CRDB upgrade route and answer 404 (or 405)
       * like for any unknown path. The nodes' software version tells that apart
       * from a CRDB that does not exist; without it, a body that is no API error is the tell.
       */
      async missingOneCallUpgrade(error, guid) {
        if (error.status !== 404 && error.status !== 405) return void 0;
        const software = (await this.cluster.getNodes()).flatMap((node) => node.software_version ?? []);
        const known = software.flatMap((text) => predatesOneCallUpgrade(text) ?? []);
        const old = known.length > 0 ? known.includes(true) : error.errorCode === void 0;
        if (!old) return void 0;
        const runs = software.length ? `runs Redis Software ${[...new Set(software)].join(", ")}` : "does not offer it";
        return new UserFacingError(
          `${this.url} ${runs}: the one-call Active-Active upgrade (POST /v1/crdbs/${guid}/upgrade) needs Redis Software ${ONE_CALL_UPGRADE_SINCE.text} or later. Upgrade the cluster software first, or upgrade by hand as the Active-Active upgrade guide describes: on every participating cluster, POST /v1/bdbs/{its instance's uid}/upgrade with {"redis_version": \u2026, "keep_crdt_protocol_version": true}; once every instance runs the new version, upgrade the CRDB protocol and then its featureset (crdb-cli crdb update --crdb-guid ${guid} --featureset-version yes).`
        );
      }
      context(permission, guid) {
        return {
          url: this.url,
          ...this.credentials,
          permission,
          notFound: guid ? `Active-Active database ${guid} not found on ${this.url}` : `${this.url} does not know this task`
        };
      }
    };
  }
});

// src/platforms/redis-software/crdb-reading.ts
async function readCrdb(coordinator, participants, guid) {
  const crdb = await coordinator.getCrdb(guid);
  const instances = await Promise.all([
    instanceOn(coordinator, guid, crdb),
    ...participants.map(async (participant) => instanceOn(participant, guid, await participant.findCrdb(guid)))
  ]);
  const [nodes, cluster] = await Promise.all([
    Promise.all([coordinator, ...participants].map((client) => client.cluster.getNodes())),
    coordinator.cluster.getCluster()
  ]);
  return { crdb, instances, nodes: nodes.flat(), supportedFeatureset: cluster.crdt_supported_featureset_version };
}
async function instanceOn(client, guid, crdb) {
  const uid = crdb?.local_databases[0]?.bdb_uid ?? (await client.cluster.listBdbs()).find((bdb) => bdb.crdt === true && bdb.crdt_guid === guid)?.uid;
  if (uid === void 0) {
    throw new UserFacingError(`${client.url} holds no instance of Active-Active database ${guid}: check the participants list, or the GUID`);
  }
  return { url: client.url, bdb: await client.cluster.getBdb(uid) };
}
function summarize(reading) {
  const versions = reading.instances.map((instance) => currentVersion2(instance.bdb));
  const statuses = new Set(reading.instances.map((instance) => instance.bdb.status));
  return {
    current: [...versions].sort(compareVersions)[0],
    status: statuses.size === 1 ? [...statuses][0] : reading.instances.map((instance) => `${instance.url}: ${instance.bdb.status}`).join(", "),
    participants: reading.instances.map((instance, index) => ({ name: instance.url, version: versions[index].text }))
  };
}
function laggingInstances(reading, pin2) {
  return reading.instances.flatMap((instance) => {
    const why = offPin(instance.bdb, pin2) ?? (instance.bdb.status === "active" ? void 0 : `status ${instance.bdb.status}, not active`);
    return why ? [`${instance.url} (bdb ${instance.bdb.uid}): ${why}`] : [];
  });
}
function readingNotes(reading) {
  const { crdb, instances } = reading;
  const software = [...new Set(reading.nodes.flatMap((node) => node.software_version ?? []))];
  return [
    `CRDB ${crdb.guid}: protocol_version ${crdb.protocol_version ?? "?"}`,
    ...featuresetNotes(reading, "before"),
    ...instances.map(
      ({ url: url2, bdb }) => `${url2}: bdb ${bdb.uid} runs ${currentVersion2(bdb).text} (crdt protocol ${bdb.crdt_protocol_version ?? "?"}, featureset ${bdb.crdt_featureset_version ?? "?"})`
    ),
    ...instances.length > 1 ? [] : [`only the instance on ${instances[0].url} is read: list the other clusters in participants to report and verify every instance`],
    ...software.some((text) => predatesOneCallUpgrade(text)) ? [`a cluster runs Redis Software ${software.join(", ")}: the one-call upgrade needs ${ONE_CALL_UPGRADE_SINCE.text} or later`] : []
  ];
}
function featuresetNotes(reading, stage) {
  const current = reading.crdb.featureset_version;
  const supported = reading.supportedFeatureset;
  const line = `${stage} the upgrade: CRDB featureset_version ${current ?? "?"}${supported === void 0 ? "" : ` (the cluster supports ${supported})`}`;
  if (current === void 0 || supported === void 0 || current >= supported) return [line];
  const byHand = `crdb-cli crdb update --crdb-guid ${reading.crdb.guid} --featureset-version true (the REST API documents no call for this)`;
  return [
    line,
    stage === "before" ? `the featureset is behind: the one-call upgrade raises it once every instance runs the new version, unless keepCrdtProtocolVersion is set; by hand: ${byHand}` : `the featureset is still behind: once every instance runs the new version and the CRDT protocol is current, update it with ${byHand}`
  ];
}
function moduleNames(reading) {
  return [
    ...reading.instances.flatMap((instance) => instance.bdb.module_list ?? []),
    ...reading.crdb.default_db_config?.module_list ?? []
  ].map((module2) => module2.module_name);
}
var init_crdb_reading = __esm({
  "src/platforms/redis-software/crdb-reading.ts"() {
    "use strict";
    init_versions();
    init_errors();
    init_crdb_client();
    init_reported_versions();
  }
});

// src/platforms/redis-software/crdb-task-id.ts
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, item]) => item !== void 0).sort(([a], [b]) => a < b ? -1 : 1);
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
function derivedTaskId(seed, attempt) {
  const hex = (0, import_node_crypto2.createHash)("sha256").update(canonical({ ...seed, attempt })).digest("hex");
  const variant = (parseInt(hex[16], 16) & 3 | 8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
var import_node_crypto2;
var init_crdb_task_id = __esm({
  "src/platforms/redis-software/crdb-task-id.ts"() {
    "use strict";
    import_node_crypto2 = require("node:crypto");
  }
});

// src/platforms/redis-software/crdb-task-step.ts
function crdbTaskStep(task, redact) {
  const meaning = statusMeaning(task.status, CRDB_TASK_STATUSES);
  switch (meaning.kind) {
    case "succeeded":
      return { result: { kind: "completed" } };
    case "ended":
      return { result: { kind: "failed", reason: redact(taskFailure(task, meaning.how)) } };
    case "running":
      return { progress: { state: task.status, detail: clusterProgress(task) } };
    case "unknown":
      return { progress: { state: task.status, detail: [unknownStatusNote(meaning.status), clusterProgress(task)].filter(Boolean).join("; ") } };
  }
}
function clusterProgress(task) {
  const clusters = task.progress?.clusters ?? [];
  return clusters.length ? clusters.map((cluster) => `${cluster.name}: ${cluster.progress ?? "?"}`).join(", ") : void 0;
}
function taskFailure(task, how) {
  if (!task.errors.length) return `task ${task.id} ${how} without naming a reason`;
  const errors = task.errors.map((error) => [error.cluster_name, error.error_code, error.description ?? error.message].filter(Boolean).join(": ")).join("; ");
  return how === "failed" ? errors : `task ${task.id} ${how}: ${errors}`;
}
var init_crdb_task_step = __esm({
  "src/platforms/redis-software/crdb-task-step.ts"() {
    "use strict";
    init_status_meaning();
  }
});

// src/platforms/redis-software/upgrade-body.ts
function upgradeBody(redisVersion, options, acknowledgeDataLoss) {
  const problem = missingAcknowledgement(options, acknowledgeDataLoss);
  if (problem) throw new UserFacingError(`not sending the upgrade: ${problem}`);
  const flags = Object.entries(FIELDS).map(([option, field]) => [field, options[option]]);
  return {
    redis_version: redisVersion,
    ...definedOnly(Object.fromEntries(flags)),
    ...options.modules ? { modules: options.modules.map(moduleBody) } : {}
  };
}
function moduleBody(module2) {
  return definedOnly({
    current_module: module2.currentModule,
    new_module: module2.newModule,
    new_module_args: module2.newModuleArgs
  });
}
function definedOnly(record) {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== void 0));
}
var FIELDS;
var init_upgrade_body = __esm({
  "src/platforms/redis-software/upgrade-body.ts"() {
    "use strict";
    init_spec2();
    init_errors();
    FIELDS = {
      preserveRoles: "preserve_roles",
      forceRestart: "force_restart",
      mayDiscardData: "may_discard_data",
      forceDiscard: "force_discard",
      keepCrdtProtocolVersion: "keep_crdt_protocol_version",
      parallelShardsUpgrade: "parallel_shards_upgrade"
    };
  }
});

// src/platforms/redis-software/active-active.ts
var active_active_exports = {};
__export(active_active_exports, {
  SoftwareActiveActiveUpgrader: () => SoftwareActiveActiveUpgrader,
  crdbTaskOperation: () => crdbTaskOperation,
  softwareActiveActiveUpgrader: () => softwareActiveActiveUpgrader
});
function softwareActiveActiveUpgrader(spec, context, tuning) {
  const connect = (cluster) => {
    const http = connectCluster(cluster, context, tuning);
    return new CrdbClient(http, cluster, new RedisSoftwareClient(http, cluster));
  };
  const participants = (spec.participants ?? []).map(connect);
  return new SoftwareActiveActiveUpgrader(spec, connect(spec.cluster), participants, tuning?.clock ?? systemClock);
}
function crdbTaskOperation(taskId, submittedHere = false) {
  return { taskId, submittedHere, lookup: `GET /v1/crdb_tasks/${taskId}` };
}
function spentTask(task) {
  return new UserFacingError(
    `task ${task.id} for this upgrade already ended (${task.status}) and the cluster still keeps its result: set a new taskId (or remove it to let one be derived) to request the upgrade again`
  );
}
var MAX_TASK_ATTEMPTS, NOT_VISIBLE_GRACE_READS, SoftwareActiveActiveUpgrader;
var init_active_active = __esm({
  "src/platforms/redis-software/active-active.ts"() {
    "use strict";
    init_versions();
    init_errors();
    init_clock();
    init_poll();
    init_client2();
    init_connect2();
    init_crdb_client();
    init_crdb_reading();
    init_crdb_task_id();
    init_crdb_task_step();
    init_reported_versions();
    init_upgrade_body();
    init_status_meaning();
    init_identity();
    MAX_TASK_ATTEMPTS = 20;
    NOT_VISIBLE_GRACE_READS = 5;
    SoftwareActiveActiveUpgrader = class {
      constructor(spec, coordinator, participants, clock) {
        this.spec = spec;
        this.coordinator = coordinator;
        this.participants = participants;
        this.clock = clock;
        this.target = `Redis Software Active-Active database ${spec.crdbGuid} via ${coordinator.url}`;
        this.lockKey = activeActiveIdentity(spec);
      }
      spec;
      coordinator;
      participants;
      clock;
      target;
      lockKey;
      async observe(pin2) {
        const reading = await this.read();
        const slot = await this.locateTask(pin2);
        return {
          ...summarize(reading),
          activeActive: true,
          modules: moduleNames(reading),
          supportedTargets: supportedRedisVersions(reading.nodes),
          newerTargetsHint: NEWER_TARGETS_HINT,
          ...slot.kind === "running" ? { running: crdbTaskOperation(slot.task.id) } : {},
          notes: readingNotes(reading)
        };
      }
      /** Looks the task up by its X-Task-ID first: one that is already running is followed, never doubled. */
      async submit(pin2) {
        const slot = await this.locateTask(pin2);
        if (slot.kind === "running") return crdbTaskOperation(slot.task.id);
        if (slot.kind === "spent") throw spentTask(slot.task);
        const body = upgradeBody(releaseLine(pin2), this.spec.upgrade, this.spec.acknowledgeDataLoss);
        const taskId = await this.coordinator.upgrade(this.spec.crdbGuid, body, {
          taskId: slot.taskId,
          // Long enough that the result outlives the polling: the timeout plus an hour, unless the user chose.
          resultTtlSeconds: this.spec.resultTtlSeconds ?? this.spec.timeoutMinutes * 60 + 3600
        });
        return crdbTaskOperation(taskId, true);
      }
      follow(operation, _pin, options) {
        let seen = false;
        let misses = 0;
        const grace = operation.submittedHere ? NOT_VISIBLE_GRACE_READS : 0;
        const look = async () => {
          const task = await this.coordinator.getTask(operation.taskId);
          if (task) {
            seen = true;
            return crdbTaskStep(task, (text) => this.coordinator.cluster.redact(text));
          }
          if (!seen && misses++ < grace) return { progress: { state: "queued", detail: "task not visible yet" } };
          return { result: { kind: "gone" } };
        };
        return pollUntilDone(look, options, this.clock);
      }
      async verify(pin2) {
        const reading = await this.read();
        const lagging = laggingInstances(reading, pin2);
        if (lagging.length) return { kind: "not-yet", why: `not every instance satisfies ${pin2.text}: ${lagging.join("; ")}` };
        return { kind: "verified", observed: { ...summarize(reading), notes: featuresetNotes(reading, "after") } };
      }
      read() {
        return readCrdb(this.coordinator, this.participants, this.spec.crdbGuid);
      }
      /**
       * The task this target's upgrade has (or would have), by its X-Task-ID. Before
       * calling an id free, the running tasks are listed: a cluster that ignored our
       * id has the task under its own, and it must be followed, not doubled.
       */
      async locateTask(version) {
        const seed = { guid: this.spec.crdbGuid, redisVersion: version.text, upgrade: this.spec.upgrade };
        const ids = this.spec.taskId ? [this.spec.taskId] : Array.from({ length: MAX_TASK_ATTEMPTS }, (_, attempt) => derivedTaskId(seed, attempt));
        let last;
        for (const id of ids) {
          last = await this.coordinator.getTask(id);
          if (!last) return this.freeUnlessListed(id);
          if (notEnded(last.status, CRDB_TASK_STATUSES)) return { kind: "running", task: last };
        }
        return { kind: "spent", task: last };
      }
      async freeUnlessListed(taskId) {
        const listed = await this.coordinator.runningTaskOf(this.spec.crdbGuid);
        return listed ? { kind: "running", task: listed } : { kind: "free", taskId };
      }
    };
  }
});

// src/platforms/redis-software/action-step.ts
function actionStep(action, redact) {
  const meaning = statusMeaning(action.status, ACTION_STATUSES);
  switch (meaning.kind) {
    case "succeeded":
      return { result: { kind: "completed" } };
    case "ended":
      return { result: { kind: "failed", reason: redact(actionFailure(action, meaning.how)) } };
    case "running":
      return { progress: { state: action.state ?? action.status, percent: action.progress } };
    case "unknown":
      return { progress: { state: action.state ?? action.status, percent: action.progress, detail: unknownStatusNote(meaning.status) } };
  }
}
function actionFailure(action, how) {
  const error = typeof action.error === "string" ? action.error : action.error?.description ?? action.error?.message ?? action.error?.error_code;
  const where = action.state ? ` in state ${action.state}` : "";
  return `${action.name ?? "the action"} ${how}${where}${error ? `: ${error}` : ""}`;
}
var init_action_step = __esm({
  "src/platforms/redis-software/action-step.ts"() {
    "use strict";
    init_status_meaning();
  }
});

// src/platforms/redis-software/replica-of.ts
function replicationOf2(bdb) {
  const sources = [...bdb.replica_sources ?? [], ...bdb.sync_sources ?? []].filter((source) => source !== void 0);
  const endpoints = (bdb.endpoints ?? []).flatMap(
    ({ dns_name, addr, port }) => port === void 0 ? [] : [dns_name, ...addr ?? []].flatMap((host) => host ? [`${host.toLowerCase()}:${port}`] : [])
  );
  return sources.length || endpoints.length ? { endpoints, sources } : void 0;
}
var init_replica_of = __esm({
  "src/platforms/redis-software/replica-of.ts"() {
    "use strict";
  }
});

// src/platforms/redis-software/upgrader.ts
var upgrader_exports2 = {};
__export(upgrader_exports2, {
  SoftwareDatabaseUpgrader: () => SoftwareDatabaseUpgrader,
  actionOperation: () => actionOperation,
  softwareDatabaseUpgrader: () => softwareDatabaseUpgrader
});
function softwareDatabaseUpgrader(spec, context, tuning) {
  const client = new RedisSoftwareClient(connectCluster(spec.cluster, context, tuning), spec.cluster);
  return new SoftwareDatabaseUpgrader(spec, client, tuning?.clock ?? systemClock);
}
function actionOperation(actionUid) {
  return { actionUid, lookup: `GET /v1/actions/${actionUid}` };
}
function notTheUpgrade(action, uid) {
  return `action ${action.action_uid} is ${action.name ?? "unnamed"}, not the upgrade (${UPGRADE_STATE_MACHINE}), and GET /v1/actions/bdb/${uid} lists no upgrade: check the database by hand; the next apply reads its version again`;
}
function activeActiveRefusal(bdb) {
  const guid = bdb.crdt_guid ? `crdbGuid: "${bdb.crdt_guid}"` : "the CRDB's GUID";
  return `database ${bdb.uid} is one instance of an Active-Active (CRDB) database; upgrading it alone would leave the other participants behind. Pin it with RedisSoftwareActiveActiveVersion and ${guid} instead`;
}
var SoftwareDatabaseUpgrader;
var init_upgrader2 = __esm({
  "src/platforms/redis-software/upgrader.ts"() {
    "use strict";
    init_versions();
    init_clock();
    init_poll();
    init_client2();
    init_connect2();
    init_action_step();
    init_reported_versions();
    init_upgrade_body();
    init_replica_of();
    init_identity();
    SoftwareDatabaseUpgrader = class {
      constructor(spec, client, clock) {
        this.spec = spec;
        this.client = client;
        this.clock = clock;
        this.target = `Redis Software database ${spec.databaseUid} at ${client.url}`;
        this.lockKey = softwareDatabaseIdentity(spec);
      }
      spec;
      client;
      clock;
      target;
      lockKey;
      async observe() {
        const uid = this.spec.databaseUid;
        const [bdb, supportedTargets] = await Promise.all([this.client.getBdb(uid), this.client.supportedVersions()]);
        if (bdb.crdt) return { current: currentVersion2(bdb), status: bdb.status, wrongKind: activeActiveRefusal(bdb) };
        const running = await this.client.runningUpgrade(uid, bdb.action_uid);
        return {
          current: currentVersion2(bdb),
          status: bdb.status,
          supportedTargets,
          newerTargetsHint: NEWER_TARGETS_HINT,
          ...running ? { running: actionOperation(running.action_uid) } : {},
          replication: replicationOf2(bdb)
        };
      }
      async submit(pin2) {
        const body = upgradeBody(releaseLine(pin2), this.spec.upgrade, this.spec.acknowledgeDataLoss);
        return actionOperation(await this.client.upgradeBdb(this.spec.databaseUid, body));
      }
      /** Follows the upgrade; if the uid we hold names another state machine, the bdb's own upgrade is followed instead. */
      follow(operation, _pin, options) {
        let actionUid = operation.actionUid;
        const look = async () => {
          const action = await this.client.getAction(actionUid);
          if (!action) return { result: { kind: "gone" } };
          const upgrade = isUpgrade2(action) ? action : await this.client.upgradeOf(this.spec.databaseUid);
          if (!upgrade) return { result: { kind: "failed", reason: notTheUpgrade(action, this.spec.databaseUid) } };
          actionUid = upgrade.action_uid;
          return actionStep(upgrade, (text) => this.client.redact(text));
        };
        return pollUntilDone(look, options, this.clock);
      }
      async verify(pin2) {
        const bdb = await this.client.getBdb(this.spec.databaseUid);
        const why = offPin(bdb, pin2) ?? (bdb.status === "active" ? void 0 : `the database status is ${bdb.status}, not active`);
        if (why) return { kind: "not-yet", why };
        return { kind: "verified", observed: { current: currentVersion2(bdb), status: bdb.status } };
      }
    };
  }
});

// bench/synth.ts
var fs4 = __toESM(require("node:fs"));
var os2 = __toESM(require("node:os"));
var path4 = __toESM(require("node:path"));
var import_cdktf8 = require("cdktf");

// src/constructs/pin.ts
var import_cdktf5 = require("cdktf");
var import_constructs = require("constructs");
var z16 = __toESM(require("zod"));

// src/kinds/redis-cloud-database.ts
init_spec2();
init_identity();
var CLOUD_OBSERVATIONS_PER_MINUTE = CLOUD_REQUESTS_PER_MINUTE / 8;
var CLOUD_BOUNDS = { concurrency: 4, minIntervalMs: 6e4 / CLOUD_OBSERVATIONS_PER_MINUTE };
var platform = () => (init_upgrader(), __toCommonJS(upgrader_exports));
var redisCloudDatabase = {
  construct: "RedisCloudDatabaseVersion",
  platform: "redis-cloud",
  triggers: (spec) => ({
    url: spec.api.url ?? "",
    subscriptionId: spec.subscriptionId,
    databaseId: spec.databaseId,
    plan: spec.plan,
    redisVersion: spec.redisVersion
  }),
  identity: cloudDatabaseIdentity,
  endpoints: (spec) => [spec.api],
  profile: (spec) => ({
    platform: "redis-cloud",
    database: `subscription ${spec.subscriptionId}/db ${spec.databaseId} (${spec.plan})`,
    // Grouped by the variable that holds the account key, never by the key itself.
    controlPlane: `redis-cloud ${spec.api.url ?? "(default API)"} ${spec.api.accessKeyEnv}`,
    bounds: CLOUD_BOUNDS,
    activeActive: spec.plan === "active-active",
    // The version table knows Pro and Essentials; an Active-Active database is a Pro one.
    cloudPlan: spec.plan === "essentials" ? "essentials" : "pro",
    dataLossFlags: []
  }),
  load: platform,
  upgrader: (spec, context) => platform().cloudDatabaseUpgrader(spec, context),
  planNotes: async (spec, context) => {
    const windows = (init_maintenance_windows(), __toCommonJS(maintenance_windows_exports));
    const note = await windows.subscriptionMaintenanceNote(spec, context);
    return note ? [note] : [];
  },
  seedBelow: ({ cloud }, spec, start) => {
    const plan = spec.plan === "essentials" ? "essentials" : "pro";
    const version = start(cloud.versions(plan));
    const activeActive = spec.plan === "active-active";
    cloud.addDatabase({ subscriptionId: spec.subscriptionId, databaseId: spec.databaseId, plan, activeActive, version: version.text });
    return `Redis Cloud ${spec.plan} database ${spec.subscriptionId}/${spec.databaseId} on ${version.text}`;
  }
};

// src/kinds/redis-software-active-active.ts
init_spec2();
init_identity();

// src/kinds/redis-software-cluster.ts
var SOFTWARE_BOUNDS = { concurrency: 4, minIntervalMs: 0 };
function softwareControlPlane(cluster) {
  return { platform: "redis-software", controlPlane: `redis-software ${new URL(cluster.url).origin}`, bounds: SOFTWARE_BOUNDS };
}

// src/kinds/redis-software-active-active.ts
var platform2 = () => (init_active_active(), __toCommonJS(active_active_exports));
var redisSoftwareActiveActive = {
  construct: "RedisSoftwareActiveActiveVersion",
  platform: "redis-software",
  triggers: (spec) => ({
    url: spec.cluster.url,
    crdbGuid: spec.crdbGuid,
    redisVersion: spec.redisVersion,
    upgrade: spec.upgrade,
    acknowledgeDataLoss: spec.acknowledgeDataLoss ?? false,
    taskId: spec.taskId ?? ""
  }),
  identity: activeActiveIdentity,
  endpoints: (spec) => [spec.cluster, ...spec.participants ?? []],
  profile: (spec) => ({
    ...softwareControlPlane(spec.cluster),
    database: `crdb ${spec.crdbGuid} @ ${spec.cluster.url}`,
    activeActive: true,
    dataLossFlags: dataLossFlagsSet(spec.upgrade),
    keepCrdtProtocolVersion: spec.upgrade.keepCrdtProtocolVersion
  }),
  load: platform2,
  upgrader: (spec, context) => platform2().softwareActiveActiveUpgrader(spec, context),
  seedBelow: (_simulators, spec) => {
    throw new Error(`${spec.address}: the demo seeds regular and Cloud databases only; see test/e2e for Active-Active`);
  }
};

// src/kinds/redis-software-database.ts
init_spec2();
init_identity();
var platform3 = () => (init_upgrader2(), __toCommonJS(upgrader_exports2));
var redisSoftwareDatabase = {
  construct: "RedisSoftwareDatabaseVersion",
  platform: "redis-software",
  triggers: (spec) => ({
    url: spec.cluster.url,
    databaseUid: spec.databaseUid,
    redisVersion: spec.redisVersion,
    upgrade: spec.upgrade,
    acknowledgeDataLoss: spec.acknowledgeDataLoss ?? false
  }),
  identity: softwareDatabaseIdentity,
  endpoints: (spec) => [spec.cluster],
  profile: (spec) => ({
    ...softwareControlPlane(spec.cluster),
    database: `bdb ${spec.databaseUid} @ ${spec.cluster.url}`,
    activeActive: false,
    dataLossFlags: dataLossFlagsSet(spec.upgrade)
  }),
  load: platform3,
  upgrader: (spec, context) => platform3().softwareDatabaseUpgrader(spec, context),
  seedBelow: ({ software }, spec, start) => {
    const version = start(software.supportedVersions());
    software.addDatabase({ uid: spec.databaseUid, version: version.text, replication: true });
    return `Redis Software database ${spec.databaseUid} on ${version.text}`;
  }
};

// src/kinds/registry.ts
var KINDS = {
  "redis-software-database": redisSoftwareDatabase,
  "redis-software-active-active": redisSoftwareActiveActive,
  "redis-cloud-database": redisCloudDatabase
};
function kindOfWritten(spec) {
  return KINDS[spec.kind];
}
var triggersOf = (spec) => kindOfWritten(spec).triggers(spec);
var identityOf = (spec) => kindOfWritten(spec).identity(spec);
function needsNoPublicRoots(spec) {
  return kindOfWritten(spec).endpoints(spec).every(({ url: url2, caCertFile }) => caCertFile !== void 0 || url2?.startsWith("http:") === true);
}

// src/constructs/pin.ts
init_spec2();
init_errors();

// src/constructs/duplicates.ts
var REGISTRY = /* @__PURE__ */ Symbol.for("cdktf-redis-version.pins-by-database");
function rejectDuplicatePins(pin2, spec) {
  const identity = identityOf(spec);
  const pins = registryOf(pin2.node.root);
  const same = pins.get(identity) ?? [];
  pins.set(identity, [...same, pin2]);
  pin2.node.addValidation({ validate: () => duplicatesOf(pin2, pins.get(identity) ?? [], identity) });
}
function duplicatesOf(pin2, same, identity) {
  const others = same.filter((other) => other !== pin2).map((other) => other.node.path);
  if (others.length === 0) return [];
  return [
    `pins the same database as ${others.join(" and ")} (${identity}): two pins of one database would race each other's upgrades. Keep one pin per database and remove the others.`
  ];
}
function registryOf(root) {
  const holder = root;
  holder[REGISTRY] ??= /* @__PURE__ */ new Map();
  return holder[REGISTRY];
}

// src/constructs/handler-asset.ts
var import_node_crypto3 = require("node:crypto");
var fs2 = __toESM(require("node:fs"));
var path3 = __toESM(require("node:path"));
var import_cdktf = require("cdktf");
var HANDLER_ID = "redis-version-handler";
var BUNDLE = path3.join("lib", "handler.cjs");
function handlerAsset(scope) {
  return ownAsset(import_cdktf.TerraformStack.of(scope), HANDLER_ID, bundlePath);
}
function ownAsset(stack, id, source) {
  const existing = stack.node.tryFindChild(id);
  if (existing === void 0) return new import_cdktf.TerraformAsset(stack, id, { path: source() });
  if (typeof existing.path !== "string") {
    throw new Error(`${stack.node.path} holds a construct named ${id} that is not a cdktf-redis-version asset: rename it`);
  }
  return existing;
}
var assetPaths = /* @__PURE__ */ new WeakMap();
function handlerCommand(scope, needsNoPublicRoots2) {
  return `node ${needsNoPublicRoots2 ? "--use-openssl-ca " : ""}"${handlerAssetPath(scope)}" apply`;
}
function handlerAssetPath(scope) {
  const stack = import_cdktf.TerraformStack.of(scope);
  let assetPath = assetPaths.get(stack);
  if (assetPath === void 0) {
    assetPath = handlerAsset(stack).path;
    assetPaths.set(stack, assetPath);
  }
  return assetPath;
}
var cachedBundlePath;
function bundlePath() {
  cachedBundlePath ??= findBundle(__dirname);
  return cachedBundlePath;
}
function findBundle(from) {
  for (let dir = from; ; dir = path3.dirname(dir)) {
    const candidate = path3.join(dir, BUNDLE);
    if (fs2.existsSync(candidate)) return candidate;
    if (path3.dirname(dir) === dir) {
      throw new Error(`the handler bundle ${BUNDLE} was not found above ${from}: run "npm run build" in cdktf-redis-version`);
    }
  }
}
function fileAsset(scope, file) {
  const absolute = path3.resolve(file);
  const id = `redis-version-file-${(0, import_node_crypto3.createHash)("sha256").update(absolute).digest("hex").slice(0, 12)}`;
  return ownAsset(import_cdktf.TerraformStack.of(scope), id, () => absolute);
}

// src/constructs/location.ts
function pinLocation(construct) {
  return `${construct.constructor.name} at ${construct.node.path}`;
}

// src/constructs/tokens.ts
var import_cdktf2 = require("cdktf");
function withTokensAsStrings(value) {
  if (typeof value === "string") return value;
  if (import_cdktf2.Token.isUnresolved(value)) return import_cdktf2.Token.asString(value);
  if (Array.isArray(value)) return value.map(withTokensAsStrings);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withTokensAsStrings(inner)]));
}

// src/constructs/policy.ts
var import_cdktf3 = require("cdktf");
init_versions();
function isPolicy(aspect) {
  return aspect.isRedisVersionPolicy === true;
}
var relay = {
  visit(node) {
    for (let scope = node.node.scope; scope; scope = scope.node.scope) {
      import_cdktf3.Aspects.of(scope).all.filter(isPolicy).forEach((policy) => policy.visit(node));
    }
  }
};
function relayPolicies(pin2) {
  import_cdktf3.Aspects.of(pin2).add(relay);
}

// src/constructs/upgrade-after.ts
var import_cdktf4 = require("cdktf");
init_errors();
function orderedPins(pin2, where, listed) {
  if (listed === void 0) return [];
  if (!Array.isArray(listed)) throw new SpecError(where, ["upgradeAfter: must be a list of version pins, such as [replica]"]);
  const stack = import_cdktf4.TerraformStack.of(pin2);
  const problems = listed.flatMap((entry, i) => {
    if (!isOrderedPin(entry)) return [`upgradeAfter.${i}: must be a version pin (RedisSoftwareDatabaseVersion, RedisCloudDatabaseVersion, \u2026)`];
    if (import_cdktf4.TerraformStack.of(entry) !== stack) {
      return [`upgradeAfter.${i}: ${entry.node.path} is in another stack; list pins of ${stack.node.path} only (across stacks, order the stacks themselves)`];
    }
    return [];
  });
  if (problems.length) throw new SpecError(where, problems);
  return listed;
}
function predecessorSpecs(pins) {
  if (pins.length === 0) return void 0;
  return pins.map(({ spec }) => {
    const { upgradeAfter, ...own } = spec;
    void upgradeAfter;
    return own;
  });
}
function dependOn(resource, pins) {
  if (pins.length) resource.dependsOn = [...resource.dependsOn ?? [], ...pins.map((pin2) => (0, import_cdktf4.dependable)(pin2.resource))];
}
function isOrderedPin(value) {
  const candidate = value;
  return typeof candidate?.spec?.kind === "string" && candidate.resource !== void 0 && candidate.node !== void 0;
}

// src/constructs/pin.ts
var VersionPin = class extends import_constructs.Construct {
  /**
   * The spec as written into cdk.tf.json. As with any cdktf value, an identity
   * given as a token stays a token here (a string token, even for an id), and
   * Terraform resolves it at apply, where the handler validates it.
   */
  spec;
  resource;
  constructor(scope, id, kind, props, carry) {
    super(scope, id);
    const where = pinLocation(this);
    const { resource, upgradeAfter, ...fields } = typeof props === "object" && props !== null ? props : {};
    const type = parseOrThrow(resourceTypeSchema, { resource }, where).resource;
    const after = orderedPins(this, where, upgradeAfter);
    const raw = { kind, format: SPEC_FORMAT, address: this.node.path, ...carry(this, withTokensAsStrings(fields)), upgradeAfter: predecessorSpecs(after) };
    this.spec = parseOrThrow(specSchema, raw, where);
    rejectDuplicatePins(this, this.spec);
    const specJson = JSON.stringify(this.spec);
    const triggers = triggersOf(this.spec);
    const provisioners = [handlerProvisioner(this, this.spec, specJson)];
    this.resource = type === "null_resource" ? nullResource(this, where, stringify(triggers), provisioners) : terraformData(this, specJson, triggers, provisioners);
    dependOn(this.resource, after);
    relayPolicies(this);
  }
};
function terraformData(pin2, specJson, triggers, provisioners) {
  const resource = new import_cdktf5.DataResource(pin2, "pin", { provisioners });
  resource.addOverride("input", specJson);
  resource.addOverride("triggers_replace", JSON.stringify(triggers));
  return resource;
}
var resourceTypeSchema = z16.object({ resource: z16.enum(["terraform_data", "null_resource"]).default("terraform_data") });
function handlerProvisioner(scope, spec, specJson) {
  return { type: "local-exec", command: handlerCommand(scope, needsNoPublicRoots(spec)), environment: { [SPEC_ENV]: specJson } };
}
var NULL_PROVIDER_PACKAGE = "@cdktf/provider-null";
var NULL_PROVIDER_ID = "redis-version-null-provider";
function nullResource(pin2, where, triggers, provisioners) {
  const bindings = loadNullProvider(where);
  const stack = import_cdktf5.TerraformStack.of(pin2);
  const existing = stack.node.tryFindChild(NULL_PROVIDER_ID);
  const provider = import_cdktf5.TerraformProvider.isTerraformProvider(existing) ? existing : new bindings.provider.NullProvider(stack, NULL_PROVIDER_ID);
  return new bindings.resource.Resource(pin2, "pin", { provider, triggers, provisioners });
}
function loadNullProvider(where) {
  try {
    return require(NULL_PROVIDER_PACKAGE);
  } catch (error) {
    const missing = error.code === "MODULE_NOT_FOUND" && String(error).includes(`'${NULL_PROVIDER_PACKAGE}'`);
    if (!missing) throw error;
    throw new SpecError(where, [
      `resource: "null_resource" needs the package ${NULL_PROVIDER_PACKAGE}: run \`npm install ${NULL_PROVIDER_PACKAGE}@^11\` in your app, or leave resource out to use terraform_data, which Terraform >= 1.4 has built in`
    ]);
  }
}
function stringify(values) {
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)])
  );
}

// src/constructs/cluster.ts
var fs3 = __toESM(require("node:fs"));
init_errors();
function withCarriedCa(scope, endpoint, field) {
  if (typeof endpoint !== "object" || endpoint === null) return endpoint;
  const { caCertFile } = endpoint;
  if (typeof caCertFile !== "string") return endpoint;
  if (!fs3.existsSync(caCertFile) || !fs3.statSync(caCertFile).isFile()) {
    throw new SpecError(pinLocation(scope), [
      `${field}.caCertFile: ${JSON.stringify(caCertFile)} is not a readable file (relative paths start at ${process.cwd()})`
    ]);
  }
  return { ...endpoint, caCertFile: fileAsset(scope, caCertFile).path };
}

// src/constructs/module-warnings.ts
var import_cdktf6 = require("cdktf");
function warnDeprecatedModuleFields(scope, upgrade) {
  const modules = typeof upgrade === "object" && upgrade !== null ? upgrade.modules : void 0;
  if (!Array.isArray(modules)) return;
  modules.forEach((module2, index) => {
    const fields = ["currentModule", "newModule"].filter((field) => module2?.[field] !== void 0);
    if (fields.length === 0) return;
    import_cdktf6.Annotations.of(scope).addWarning(
      `upgrade.modules[${index}].${fields.join(" and .")}: deprecated since Redis Software 7.8.2, where an upgrade always moves modules to the versions bundled with the target; the field is sent but may be ignored`
    );
  });
}

// src/constructs/redis-software-database-version.ts
var RedisSoftwareDatabaseVersion = class extends VersionPin {
  constructor(scope, id, props) {
    super(scope, id, "redis-software-database", props, (pin2, fields) => {
      warnDeprecatedModuleFields(pin2, fields.upgrade);
      return { ...fields, cluster: withCarriedCa(pin2, fields.cluster, "cluster") };
    });
  }
};

// src/constructs/rediscloud-ownership.ts
var import_cdktf7 = require("cdktf");

// bench/synth.ts
init_spec2();

// bench/measure.ts
var import_node_child_process = require("node:child_process");
function printLine(line) {
  const verdict = line.met === void 0 ? "information" : line.met ? "MET" : "NOT MET";
  console.log(`${line.name}: ${line.figures} \u2014 target ${line.target}: ${verdict}`);
}
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
function runCommand(command, args, options) {
  return new Promise((resolve3, reject) => {
    const start = process.hrtime.bigint();
    const child = (0, import_node_child_process.spawn)(command, [...args], { env: options.env, cwd: options.cwd, shell: options.shell ?? false, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => output += chunk);
    child.stderr.on("data", (chunk) => output += chunk);
    child.on("close", (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code === 0) resolve3({ ms, output });
      else reject(new Error(`${command} ${args.join(" ")} exited ${code}:
${output.slice(-4e3)}`));
    });
  });
}

// bench/synth.ts
var PINS = 1e3;
var WARMUP = 3;
var ROUNDS = 15;
var TARGET = 1.3;
function synthesize(build) {
  const outdir = fs4.mkdtempSync(path4.join(os2.tmpdir(), "rv-bench-"));
  try {
    global.gc?.();
    const start = process.hrtime.bigint();
    const app = new import_cdktf8.App({ outdir, skipValidation: true });
    const stack = new import_cdktf8.TerraformStack(app, "bench");
    for (let index = 0; index < PINS; index++) build(stack, index);
    app.synth();
    return Number(process.hrtime.bigint() - start) / 1e6;
  } finally {
    fs4.rmSync(outdir, { recursive: true, force: true });
  }
}
var bare = (stack, index) => new import_cdktf8.DataResource(stack, `bare-${index}`, {});
var withProvisioner = (stack, index) => new import_cdktf8.DataResource(stack, `exec-${index}`, {
  provisioners: [{ type: "local-exec", command: 'node "assets/handler.cjs" apply', environment: { [SPEC_ENV]: `{"pin":${index}}` } }]
});
var pin = (stack, index) => new RedisSoftwareDatabaseVersion(stack, `pin-${index}`, {
  cluster: { url: "https://cluster.example.com:9443" },
  databaseUid: index + 1,
  redisVersion: "7.4"
});
function synthTimes() {
  const samples = { pins: [], bare: [], provisioner: [] };
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    const times = { bare: synthesize(bare), pins: synthesize(pin), provisioner: synthesize(withProvisioner) };
    if (round < WARMUP) continue;
    for (const key of ["pins", "bare", "provisioner"]) samples[key].push(times[key]);
  }
  return { pins: median(samples.pins), bare: median(samples.bare), provisioner: median(samples.provisioner) };
}
async function benchSynth() {
  const times = synthTimes();
  const nodeStart = [];
  for (let round = 0; round < ROUNDS; round++) nodeStart.push((await runCommand(process.execPath, ["-e", "0"], { env: process.env, cwd: os2.tmpdir() })).ms);
  const ratio = times.pins / times.provisioner;
  return [
    {
      name: `synth ${PINS} pins vs ${PINS} terraform_data with only a local-exec`,
      figures: `ratio ${ratio.toFixed(2)} (median ${times.pins.toFixed(0)} ms vs ${times.provisioner.toFixed(0)} ms)`,
      target: `\u2264 ${TARGET}\xD7`,
      met: ratio <= TARGET
    },
    {
      name: `  synth ${PINS} bare terraform_data`,
      figures: `median ${times.bare.toFixed(0)} ms (pins ${(times.pins / times.bare).toFixed(2)}\xD7 of it)`,
      target: "none"
    },
    { name: "  node -e 0", figures: `median ${median(nodeStart).toFixed(0)} ms`, target: "none" }
  ];
}

// ../../tmp/sy.ts
void benchSynth().then((lines) => lines.forEach(printLine));
