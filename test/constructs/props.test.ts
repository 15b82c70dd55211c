import * as z from "zod";
import {
  PinResource,
  RedisCloudDatabaseVersionProps,
  RedisCloudPlan,
  RedisSoftwareActiveActiveVersionProps,
  RedisSoftwareDatabaseVersionProps,
  Weekday,
} from "../../src";
import { activeActiveSpecSchema, cloudDatabaseSpecSchema, cloudPlanSchema, softwareDatabaseSpecSchema, WEEKDAYS } from "../../src/spec";

/*
 * The props interfaces are written out by hand, so that their documentation
 * reaches the published .d.ts and jsii; the spec schemas validate them. These
 * types fail `npm run typecheck` as soon as the two disagree on a field: its
 * name, its type, whether it is optional, at any depth.
 */

/** An enum as the strings it stands for, and every object member by member: the shape z.input describes. */
type Plain<T> = T extends string ? `${T}` : T extends readonly (infer E)[] ? Plain<E>[] : T extends object ? { -readonly [K in keyof T]: Plain<T[K]> } : T;

/** True only when A and B are the same type (optional and required members, unions and literals included). */
type Same<A, B> = (<T>() => T extends Plain<A> ? 1 : 2) extends <T>() => T extends Plain<B> ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

/** What the construct fills in itself, and what only the construct reads. */
type Written<S extends z.ZodType> = Omit<z.input<S>, "kind" | "format" | "address">;
type Given<P> = Omit<P, "resource" | "upgradeAfter" | "soakHours">;

export type SoftwareDatabaseProps = Assert<Same<Given<RedisSoftwareDatabaseVersionProps>, Written<typeof softwareDatabaseSpecSchema>>>;
export type ActiveActiveProps = Assert<Same<Given<RedisSoftwareActiveActiveVersionProps>, Written<typeof activeActiveSpecSchema>>>;
export type CloudDatabaseProps = Assert<Same<Given<RedisCloudDatabaseVersionProps>, Written<typeof cloudDatabaseSpecSchema>>>;

// The check sees a field gone, a field made required, and a type changed.
// @ts-expect-error a field missing from the props
export type MissingField = Assert<Same<Omit<Given<RedisSoftwareDatabaseVersionProps>, "timeoutMinutes">, Written<typeof softwareDatabaseSpecSchema>>>;
// @ts-expect-error an optional field made required
export type RequiredField = Assert<Same<Given<RedisSoftwareDatabaseVersionProps> & { timeoutMinutes: number }, Written<typeof softwareDatabaseSpecSchema>>>;
// @ts-expect-error a nested field of another type
export type NestedType = Assert<Same<Given<RedisCloudDatabaseVersionProps> & { api?: { url?: number } }, Written<typeof cloudDatabaseSpecSchema>>>;

describe("the enums of the public API", () => {
  it("stand for exactly the strings the spec accepts, so a spec written with either reads the same", () => {
    expect(Object.values(RedisCloudPlan).sort()).toEqual([...cloudPlanSchema.options].sort());
    expect(Object.values(Weekday)).toEqual([...WEEKDAYS]);
    expect(Object.values(PinResource).sort()).toEqual(["null_resource", "terraform_data"]);
  });
});
