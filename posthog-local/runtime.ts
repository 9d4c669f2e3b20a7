// The running instance's state holder: world, keys, services and settings, rebuilt by a reset.
import { Clock } from "./clock";
import { Faults } from "./faults";
import { QueryService } from "./query-jobs";
import { RequestLog } from "./request-log";
import { Router } from "./router";
import { buildRoutes } from "./routes/index";
import { type SeedKeys, seedWorld } from "./seed/index";
import { defaultSettings, patchSettings, type SettingsPatch } from "./settings";
import { World } from "./store";
import { Throttles } from "./throttle";

export interface RuntimeOptions extends SettingsPatch {
  /** Companies (group type 0) in project 1. @default 1000 */
  groups?: number;
  /** PRNG seed for data and keys. @default 42 */
  seed?: number;
  /** Pads each company's properties to about this many bytes (wide rows). @default 0 */
  groupBytes?: number;
  /** Companies of project 1 given 60 days of events (benches scale it). @default min(groups, 60) */
  eventCompanies?: number;
}

export class Runtime {
  world!: World;
  keys!: SeedKeys;
  query!: QueryService;
  readonly throttles = new Throttles();
  readonly faults = new Faults();
  readonly log = new RequestLog();
  readonly router = new Router(buildRoutes());
  options: RuntimeOptions = {};
  /** `http://127.0.0.1:<port>` once listening. */
  baseUrl = "";
  seedMs = 0;

  constructor(options: RuntimeOptions = {}) {
    this.reset(options);
  }

  /** Reseeds everything; options not given keep their previous values. Faults and the log are cleared. */
  reset(options: RuntimeOptions = {}): void {
    const started = performance.now();
    this.options = { ...this.options, ...options };
    const { groups = 1000, seed = 42, groupBytes = 0, eventCompanies, ...patch } = this.options;
    const settings = patchSettings(defaultSettings(), patch);
    this.world = new World(settings, new Clock(), seed);
    this.keys = seedWorld(this.world, {
      groups,
      seed,
      groupBytes,
      ...(eventCompanies === undefined ? {} : { eventCompanies }),
    });
    this.query = new QueryService(this.world);
    this.throttles.reset();
    this.faults.clear();
    this.log.clear();
    this.seedMs = performance.now() - started;
  }
}
