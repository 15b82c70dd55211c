import { UserFacingError } from "../../src/core/errors";
import { simulate } from "../../src/cli/simulate";

describe("redis-version simulate arguments", () => {
  it.each([
    [["--cloud-active-active-upgrades", "later"], /--cloud-active-active-upgrades must be immediate or scheduled \(got "later"\)/],
    [["--cloud-database", "1234/5678=7.4:crdb"], /--cloud-database "1234\/5678=7\.4:crdb": expected SUB\/DB=VERSION\[:essentials\|:active-active\]\[:no-backup\]/],
    [["--cloud-database", "1234/5678=7.4:essentials:active-active"], /expected SUB\/DB=VERSION/],
    [["--lifetime-minutes", "0"], /--lifetime-minutes must be a positive whole number \(got "0"\)/],
    [["--age-hours", "two days"], /--age-hours must be a positive number of hours, such as 48 or 0\.5 \(got "two days"\)/],
  ])("refuses %j with what is wrong, before serving anything", async (args, message) => {
    const refused = simulate(args);
    await expect(refused).rejects.toThrow(message);
    await expect(refused).rejects.toBeInstanceOf(UserFacingError);
  });
});
