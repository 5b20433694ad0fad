// Open Dental's tables have many NOT NULL columns without a default that this server does not
// know; strict SQL mode refuses an insert that leaves them out.
import {
  ColumnNode,
  InsertQueryNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  PrimitiveValueListNode,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  ValueListNode,
  ValueNode,
  ValuesNode,
} from "kysely";

/**
 * Inserts into an Open Dental table also fill the NOT NULL columns that have no default and
 * that this server does not know (from the start-up check), so strict SQL mode accepts them.
 */
export class FillOpenDentalColumns implements KyselyPlugin {
  constructor(private readonly fillers: ReadonlyMap<string, ReadonlyMap<string, OperationNode>>) {}

  transformQuery({ node }: PluginTransformQueryArgs): RootOperationNode {
    if (!InsertQueryNode.is(node) || !node.columns || !node.values) return node;
    if (!ValuesNode.is(node.values)) return node;
    const fillers = this.fillers.get(node.into?.table.identifier.name ?? "");
    if (!fillers || fillers.size === 0) return node;
    const present = new Set(node.columns.map((c) => c.column.name.toLowerCase()));
    const extra = [...fillers].filter(([name]) => !present.has(name.toLowerCase()));
    if (extra.length === 0) return node;
    const rows = node.values.values.map((row) =>
      ValueListNode.create([
        ...(PrimitiveValueListNode.is(row)
          ? row.values.map((v) => ValueNode.create(v))
          : row.values),
        ...extra.map(([, value]) => value),
      ]),
    );
    return InsertQueryNode.cloneWith(node, {
      columns: [...node.columns, ...extra.map(([name]) => ColumnNode.create(name))],
      values: ValuesNode.create(rows),
    });
  }

  async transformResult({ result }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return result;
  }
}
