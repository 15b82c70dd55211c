import {
  compareVersions,
  InvalidVersionError,
  parseReportedVersion,
  parseVersion,
  releaseLine,
  sameReleaseLine,
  tryParseVersion,
  VERSION_HINT,
} from "../../src/versions";

describe("parseVersion", () => {
  it("reads a release line", () => {
    expect(parseVersion("7.4")).toEqual({ major: 7, minor: 4, text: "7.4" });
  });

  it("reads a release with a patch", () => {
    expect(parseVersion("7.4.2")).toEqual({ major: 7, minor: 4, patch: 2, text: "7.4.2" });
  });

  it("keeps a line's patch absent rather than zero, so a line never claims a release", () => {
    expect("patch" in parseVersion("8.0")).toBe(false);
  });

  it.each([["7"], ["v7.4"], ["latest"], [""], ["7.4.2.1"], [" 7.4"], ["7.4 "], ["07.4"], ["7.x"]])(
    "rejects %j and says what a valid pin looks like",
    (text) => {
      expect(() => parseVersion(text)).toThrow(InvalidVersionError);
      expect(() => parseVersion(text)).toThrow(`${JSON.stringify(text)} is not a valid Redis version: ${VERSION_HINT}`);
      expect(tryParseVersion(text)).toBeUndefined();
    },
  );

  it.each([[7.4], [7], [null], [undefined], [{ major: 7, minor: 4 }]])("rejects the non-string %j", (value) => {
    expect(() => parseVersion(value)).toThrow(InvalidVersionError);
  });

  it("gives an example of a valid pin in the message", () => {
    expect(() => parseVersion(null)).toThrow(/null is not a valid Redis version: .*"7\.4" or "7\.4\.2"/);
  });
});

describe("parseReportedVersion", () => {
  it.each([
    ["6.0-big", "6.0"],
    ["8.0.0-1", "8.0.0"],
    ["7.4", "7.4"],
    [" 7.2.4 ", "7.2.4"],
    ["100.0.21-16135", "100.0.21"],
  ])("reads the numeric head of %j", (reported, expected) => {
    expect(parseReportedVersion(reported).text).toBe(expected);
  });

  it("rejects a report with no major.minor", () => {
    expect(() => parseReportedVersion("big")).toThrow(InvalidVersionError);
    expect(() => parseReportedVersion("7")).toThrow(InvalidVersionError);
  });
});

describe("compareVersions", () => {
  const order = (texts: string[]): string[] => texts.map(parseVersion).sort(compareVersions).map((v) => v.text);

  it("orders numerically by major, then minor, then patch", () => {
    expect(order(["8.0", "7.10", "6.2", "7.4.10", "7.2", "7.4.9"])).toEqual(["6.2", "7.2", "7.4.9", "7.4.10", "7.10", "8.0"]);
  });

  it("treats a line and a release on that line as equal, since the line does not name a patch", () => {
    expect(compareVersions(parseVersion("7.4"), parseVersion("7.4.2"))).toBe(0);
    expect(compareVersions(parseVersion("7.4.2"), parseVersion("7.4"))).toBe(0);
  });

  it("compares patches when both sides name one", () => {
    expect(compareVersions(parseVersion("7.4.2"), parseVersion("7.4.3"))).toBeLessThan(0);
    expect(compareVersions(parseVersion("7.4.3"), parseVersion("7.4.2"))).toBeGreaterThan(0);
  });

  it("lets a patch never outrank the next line", () => {
    expect(compareVersions(parseVersion("7.2.99"), parseVersion("7.4"))).toBeLessThan(0);
  });
});

describe("release lines", () => {
  it("names a version's line", () => {
    expect(releaseLine(parseVersion("7.4.2"))).toBe("7.4");
  });

  it("tells whether two versions share a line", () => {
    expect(sameReleaseLine(parseVersion("7.4"), parseVersion("7.4.2"))).toBe(true);
    expect(sameReleaseLine(parseVersion("7.4"), parseVersion("8.4"))).toBe(false);
  });
});
