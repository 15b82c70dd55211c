import { describeWindow, insideAny, nextOpening } from "../../src/engine/maintenance-window";
import { MaintenanceWindow, maintenanceWindowSchema, maintenanceWindowsSchema } from "../../src/spec/maintenance-window";
import { describeIssues } from "../../src/spec";

/** Windows as the spec schema hands them over (timeZone defaulted). */
const window = (input: Record<string, unknown>): MaintenanceWindow => maintenanceWindowSchema.parse(input);
const at = (iso: string): number => Date.parse(iso);
const openingOf = (windows: MaintenanceWindow[], now: string) => {
  const found = nextOpening(windows, at(now));
  return found && new Date(found.at).toISOString();
};

describe("maintenance windows", () => {
  describe("inside a window", () => {
    const nightly = window({ start: "22:00", end: "02:00", timeZone: "Europe/Paris" });
    it.each([
      ["before it opens", "2026-12-01T20:59:00Z", false],
      ["at the opening minute", "2026-12-01T21:00:00Z", true],
      ["after midnight, on the next day", "2026-12-02T00:30:00Z", true],
      ["at the closing minute", "2026-12-02T01:00:00Z", false],
    ])("a window crossing midnight, %s", (_case, now, expected) => {
      expect(insideAny([nightly], at(now))).toBe(expected);
    });

    it("a window crossing midnight belongs to the day it opens on", () => {
      // Saturday 23:00 UTC opens; Sunday 01:00 is still Saturday's window; Sunday 23:00 is not a window at all.
      const saturdayNight = window({ days: ["sat"], start: "23:00", end: "03:00" });
      expect(insideAny([saturdayNight], at("2026-12-05T23:30:00Z"))).toBe(true);
      expect(insideAny([saturdayNight], at("2026-12-06T01:00:00Z"))).toBe(true);
      expect(insideAny([saturdayNight], at("2026-12-06T23:30:00Z"))).toBe(false);
    });

    it("any of several windows is enough", () => {
      const windows = [window({ days: ["mon"], start: "01:00", end: "02:00" }), window({ days: ["wed"], start: "13:00", end: "14:00" })];
      expect(insideAny(windows, at("2026-12-02T13:15:00Z"))).toBe(true); // a Wednesday
      expect(insideAny(windows, at("2026-12-01T13:15:00Z"))).toBe(false); // a Tuesday
    });
  });

  describe("the next opening", () => {
    it("is later the same day, in the window's zone and in UTC", () => {
      const found = nextOpening([window({ start: "22:00", end: "02:00", timeZone: "Europe/Paris" })], at("2026-12-01T09:10:30Z"));
      expect(found?.text).toBe("Tue 2026-12-01 22:00 Europe/Paris (Tue 2026-12-01 21:00 UTC)");
    });

    it("skips the days a window does not open on, and picks the earliest of several windows", () => {
      const windows = [window({ days: ["fri"], start: "03:00", end: "04:00" }), window({ days: ["thu"], start: "23:30", end: "00:30", timeZone: "America/New_York" })];
      // Tuesday noon UTC: Thursday 23:30 in New York is Friday 04:30 UTC, after Friday 03:00 UTC.
      expect(openingOf(windows, "2026-12-01T12:00:00Z")).toBe("2026-12-04T03:00:00.000Z");
    });

    it("is the current instant's minute when already inside", () => {
      expect(openingOf([window({ start: "09:00", end: "10:00" })], "2026-12-01T09:10:30Z")).toBe("2026-12-01T09:10:00.000Z");
    });

    it("follows the local clock across the spring daylight-saving change", () => {
      // Paris moves from UTC+1 to UTC+2 on Sunday 2026-03-29: 03:00 local is 01:00 UTC that day, 02:00 UTC the day before.
      const early = window({ start: "03:00", end: "05:00", timeZone: "Europe/Paris" });
      expect(openingOf([early], "2026-03-28T12:00:00Z")).toBe("2026-03-29T01:00:00.000Z");
      expect(openingOf([early], "2026-03-27T12:00:00Z")).toBe("2026-03-28T02:00:00.000Z");
    });

    it("opens when the clock jumps over its start time, on the day that time does not exist", () => {
      // 02:30 does not exist in Paris on 2026-03-29: clocks go from 02:00 to 03:00 (01:00 UTC), still before 04:00.
      expect(openingOf([window({ start: "02:30", end: "04:00", timeZone: "Europe/Paris" })], "2026-03-28T23:00:00Z")).toBe("2026-03-29T01:00:00.000Z");
    });

    it("follows the local clock across the autumn change", () => {
      // New York goes back from UTC-4 to UTC-5 on Sunday 2026-11-01: 06:00 local is 11:00 UTC that day.
      expect(openingOf([window({ days: ["sun"], start: "06:00", end: "07:00", timeZone: "America/New_York" })], "2026-10-31T12:00:00Z")).toBe(
        "2026-11-01T11:00:00.000Z",
      );
    });
  });

  it("describes a window as a reviewer reads it", () => {
    expect(describeWindow(window({ days: ["sat", "sun"], start: "22:00", end: "02:00", timeZone: "Europe/Paris" }))).toBe("sat,sun 22:00–02:00 Europe/Paris");
    expect(describeWindow(window({ start: "01:00", end: "03:00" }))).toBe("every day 01:00–03:00 UTC");
  });

  describe("invalid windows are refused, naming the field", () => {
    it.each<[unknown, string]>([
      [[{ start: "22:00", end: "02:00", timeZone: "Europe/Pariss" }], '0.timeZone: "Europe/Pariss" is not an IANA time zone'],
      [[{ start: "2:00", end: "04:00" }], '0.start: must be a time of day "HH:MM"'],
      [[{ start: "02:00", end: "24:00" }], '0.end: must be a time of day "HH:MM"'],
      [[{ start: "02:00", end: "02:00" }], "0.end: must differ from start"],
      [[{ days: ["monday"], start: "02:00", end: "03:00" }], "0.days.0: must be one of mon, tue, wed, thu, fri, sat, sun"],
      [[{ days: [], start: "02:00", end: "03:00" }], "0.days: must list at least one day"],
      [[], "(root): must list at least one window"],
    ])("%j", (input, message) => {
      const result = maintenanceWindowsSchema.safeParse(input);
      expect(result.success).toBe(false);
      expect(describeIssues(result.error!).join("\n")).toContain(message);
    });
  });
});
