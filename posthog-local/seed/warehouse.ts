// Seeds a Stripe-like warehouse table `stripe_charges`: charges of the demo companies over 60 days, following each
// company's trend, plus charges of customers that are no company (a metric on the table must ignore those).
import { Dt } from "../hogql/eval";
import { createRng, intBetween } from "../ids";
import type { ProjectData, World } from "../store";
import type { WarehouseRow } from "../warehouse";
import { dailyRate, EVENT_DAYS, trendOf } from "./events";
import { companyKey } from "./group-props";

const DAY = 86_400_000;

/** The columns as the runner's tests type them (test_usage_metrics_query_runner.py DW_TABLE_COLUMNS). */
const COLUMNS = {
  id: "String",
  customer_id: "String",
  created: "DateTime64(3, 'UTC')",
  amount: "Float64",
};

export function seedWarehouse(world: World, data: ProjectData, companies: number, nowMs: number) {
  const rng = createRng(world.seed * 11 + 3);
  const today = Math.floor(nowMs / DAY) * DAY;
  const rows: WarehouseRow[] = [];
  const charge = (customer: string, at: number) =>
    rows.push({
      id: `ch_${String(rows.length + 1).padStart(6, "0")}`,
      customer_id: customer,
      created: new Dt(at),
      amount: intBetween(rng, 4, 200) * 2.5,
    });
  for (let day = 0; day < EVENT_DAYS; day++) {
    const start = today - (EVENT_DAYS - 1 - day) * DAY;
    const span = Math.min(DAY, nowMs - start);
    if (span <= 0) continue;
    // About one charge for every six events of the company's trend that day.
    for (let i = 1; i <= companies; i++)
      if (rng() < dailyRate(trendOf(i), day) / 6)
        charge(companyKey(i), start + Math.floor(rng() * span));
    if (rng() < 0.3) charge(`cus_guest_${intBetween(rng, 1, 9)}`, start + Math.floor(rng() * span));
  }
  data.warehouse.set("stripe_charges", { name: "stripe_charges", columns: COLUMNS, rows });
}
