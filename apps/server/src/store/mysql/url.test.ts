// DATABASE_URL for MySQL/MariaDB: what is read from it, and what is refused without echoing it.
import { describe, expect, it } from "vitest";
import { parseMysqlUrl } from "./url.js";

describe("MySQL URLs", () => {
  it("parses mysql:// URLs, decoding user and password", () => {
    expect(parseMysqlUrl("mysql://od%40user:p%3Ass@db.example:3307/opendental?ssl=true")).toEqual({
      host: "db.example",
      port: 3307,
      user: "od@user",
      password: "p:ss",
      database: "opendental",
      ssl: true,
    });
    expect(parseMysqlUrl("mariadb://root@[::1]/od")).toMatchObject({ host: "::1", port: 3306 });
  });

  it("rejects a URL without a database or with unknown parameters, without echoing it", () => {
    expect(() => parseMysqlUrl("mysql://root:secret@localhost")).toThrow(/must name the database/);
    expect(() => parseMysqlUrl("mysql://root:secret@localhost/od?pool=3")).toThrow(
      /Unknown DATABASE_URL parameter "pool"/,
    );
    try {
      parseMysqlUrl("mysql://root:secret@localhost/od?x=1");
    } catch (error) {
      expect(String(error)).not.toContain("secret");
    }
  });
});
