// One page of the contracts the central side holds, filtered as the tabs of 监督管理查询 filter them
// (项目名称 contains, 所在监督站), in 合同报送编号 order: the rows each tab then fills from its bundles.
import { and, count, eq, sql } from 'drizzle-orm';
import { projects } from '../../../db/schema';
import type { Services } from '../context';

export interface ContractsQuery {
  name?: string;
  station?: string;
  page: number;
  pageSize: number;
}

export function contractsPage(s: Services, input: ContractsQuery): { page: (typeof projects.$inferSelect)[]; total: number } {
  const escaped = (t: string) => `%${t.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const where = and(
    input.name ? sql`${projects.name} like ${escaped(input.name)} escape '\\'` : undefined,
    input.station && input.station !== '全部' ? eq(projects.supervisionStation, input.station) : undefined,
  );
  const total = s.db.select({ n: count() }).from(projects).where(where).get()?.n ?? 0;
  const page = s.db.select().from(projects).where(where).orderBy(projects.contractNo).limit(input.pageSize).offset((input.page - 1) * input.pageSize).all();
  return { page, total };
}
