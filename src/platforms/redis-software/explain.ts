import { ApiError, UserFacingError } from "../../core/errors";

/** What a failed call was about, so its error can say what to do next. */
export interface CallContext {
  readonly url: string;
  readonly usernameEnv: string;
  readonly passwordEnv: string;
  /** The REST permission the call needs, named in a 403. */
  readonly permission: string;
  /** The sentence a 404 means for this call, e.g. "database uid 12 not found on …". */
  readonly notFound: string;
}

/** Runs a call and turns the API errors a user can act on into messages that say how. */
export async function explained<T>(call: Promise<T>, context: CallContext): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    throw explainApiError(error, context) ?? error;
  }
}

/** For things the cluster forgets (finished actions, expired tasks): a 404 means "gone", not an error. */
export async function absentOn404<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return undefined;
    throw error;
  }
}

export function explainApiError(error: ApiError, context: CallContext): UserFacingError | undefined {
  const said = error.detail ?? error.errorCode;
  const because = said ? `: ${said}` : "";
  switch (error.status) {
    case 400:
      return new UserFacingError(`${context.url} rejected ${error.method} ${error.path} (400)${because || ": no reason given"}`);
    case 401:
      return new UserFacingError(
        `${context.url} refused the credentials (401): check the username in ${context.usernameEnv} and the password in ${context.passwordEnv}`,
      );
    case 403:
      return new UserFacingError(
        `the user in ${context.usernameEnv} may not ${error.method} ${error.path} on ${context.url} (403): ` +
          `it needs the ${context.permission} permission (a role such as admin, cluster_member or db_member)`,
      );
    case 404:
      return new UserFacingError(`${context.notFound} (404${because})`);
    case 406:
      return new UserFacingError(
        `${context.url} refused the upgrade (406): the new module versions' capabilities do not fit the database's configuration${because}. ` +
          "Check upgrade.modules, or change the database setting the module cannot support, then apply again",
      );
    case 409:
      return new UserFacingError(
        `${context.url} is busy with another operation on this database (409${because}): wait for it to finish, then apply again`,
      );
    default:
      return undefined;
  }
}
