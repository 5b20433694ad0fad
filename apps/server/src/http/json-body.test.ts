// Request bodies on every backend: one Content-Type rule (every application/json form RFC 9110
// allows; anything else the 400 Open Dental gives, never a bodyless 415), and bytes that must
// be valid UTF-8 JSON without lone surrogates. A refused body stores nothing.
import { expect, it } from "vitest";
import { messages } from "../domain/errors.js";
import { AUTH, describeEachBackend, seedPatient, storedRefAttaches } from "../testing/index.js";
import { contentTypeProblem } from "./body.js";

it.each([
  "application/json",
  "application/json; charset=utf-8",
  "application/json ; x=y",
  "application/json;",
  "application/json ;charset=utf-8",
  "Application/JSON; Charset=UTF-8",
  'application/json; charset="utf-8"',
  "application/json;;x=1",
  "application/json; charset=utf8",
])("accepts Content-Type %s", (type) => {
  expect(contentTypeProblem(type)).toBeUndefined();
});

it.each([
  [undefined, messages.contentType],
  ["", messages.contentType],
  ["text/plain", messages.contentType],
  ["application/jsonx", messages.contentType],
  ["application/vnd.api+json", messages.contentType],
  ["text/json", messages.contentType],
  ["application/json; garbage", messages.contentType],
  ["application/json, text/plain", messages.contentType],
  ["multipart/form-data; boundary=x", messages.contentType],
  ["application/json; charset=latin1", messages.contentTypeCharset],
  ['application/json; charset="utf-16"', messages.contentTypeCharset],
])("refuses Content-Type %s", (type, message) => {
  expect(contentTypeProblem(type)).toBe(message);
});

describeEachBackend("request bodies", (server) => {
  let nextPatient = 800;
  const post = async (headers: Record<string, string>, rawBody: string | Uint8Array) => {
    const PatNum = await seedPatient(server().database.db, nextPatient++);
    const body = typeof rawBody === "string" ? rawBody.replace("$PAT", String(PatNum)) : rawBody;
    const reply = await server().request("POST", "/refattaches", {
      headers: { Authorization: AUTH, ...headers },
      rawBody: body,
    });
    return { reply, stored: await storedRefAttaches(server().database.db, PatNum) };
  };
  const valid = '{"PatNum": $PAT, "referralName": "Body check"}';

  it.each([
    "application/json ; x=y",
    "application/json;",
    "application/json ;charset=utf-8",
    "APPLICATION/JSON",
  ])("accepts Content-Type %s and stores the attachment", async (type) => {
    const { reply, stored } = await post({ "Content-Type": type }, valid);
    expect(reply.status).toBe(201);
    expect(stored).toHaveLength(1);
  });

  it.each([
    ["text/plain", messages.contentType],
    ["application/jsonx", messages.contentType],
    ["application/json; charset=iso-8859-1", messages.contentTypeCharset],
  ])("answers Content-Type %s with a 400 explanation, never 415", async (type, message) => {
    const { reply, stored } = await post({ "Content-Type": type }, valid);
    expect(reply).toMatchObject({ status: 400, body: message });
    expect(stored).toEqual([]);
  });

  it("refuses bytes that are not UTF-8 instead of storing U+FFFD", async () => {
    const bytes = new TextEncoder().encode('{"PatNum": $PAT, "referralName": "Bad X"}');
    const at = bytes.indexOf("X".charCodeAt(0));
    const text = new TextDecoder().decode(bytes.slice(0, at));
    const body = new Uint8Array([
      ...new TextEncoder().encode(text.replace("$PAT", String(nextPatient))),
      0xc3,
      0x28,
      ...bytes.slice(at + 1),
    ]);
    const { reply, stored } = await post({ "Content-Type": "application/json" }, body);
    expect(reply).toMatchObject({ status: 400, body: messages.invalidUtf8 });
    expect(stored).toEqual([]);
  });

  it.each([
    ["a lone high surrogate escape", '{"PatNum": $PAT, "referralName": "x\\ud800y"}'],
    ["a lone low surrogate escape", '{"PatNum": $PAT, "referralName": "x", "Note": "\\udfff"}'],
    ["a swapped pair", '{"PatNum": $PAT, "referralName": "\\ude00\\ud83d"}'],
    ["a lone surrogate in a field name", '{"PatNum": $PAT, "referralName": "x", "\\ud800": 1}'],
  ])("refuses %s and stores nothing", async (_, body) => {
    const { reply, stored } = await post({ "Content-Type": "application/json" }, body);
    expect(reply).toMatchObject({ status: 400, body: messages.loneSurrogate });
    expect(stored).toEqual([]);
  });

  it("stores an escaped surrogate pair as the character it names", async () => {
    const { reply, stored } = await post(
      { "Content-Type": "application/json" },
      '{"PatNum": $PAT, "referralName": "x", "Note": "smile \\ud83d\\ude00"}',
    );
    expect(reply).toMatchObject({ status: 201, body: { Note: "smile 😀" } });
    expect(stored[0]?.Note).toBe("smile 😀");
  });

  it("answers malformed JSON with a 400 explanation", async () => {
    const { reply, stored } = await post({ "Content-Type": "application/json" }, '{"PatNum": ');
    expect(reply).toMatchObject({ status: 400, body: messages.malformedJson });
    expect(stored).toEqual([]);
  });
});
