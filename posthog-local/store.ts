// The whole state of the local PostHog: organisations, projects, keys, per-project data, scheduled work.
import type { Clock } from "./clock";
import { EventTable } from "./events-table";
import { GroupIndex } from "./group-index";
import type { Settings } from "./settings";
import type {
  ActivityEntry,
  ApiKey,
  CapturedEvent,
  Cohort,
  FlagStub,
  GroupRecord,
  GroupType,
  InsightStub,
  Organization,
  Person,
  Project,
  PropertyDefinition,
  UsageMetric,
  User,
} from "./types";
import type { WarehouseTable } from "./warehouse";

/** Everything that belongs to one project (team). */
export class ProjectData {
  /** The Postgres side, keyed by `${typeIndex}\u0000${key}`. */
  readonly groups = new Map<string, GroupRecord>();
  /** The ClickHouse side, one index per group type index. */
  readonly views = new Map<number, GroupIndex>();
  /** The ClickHouse `events` table (seeded and captured events). */
  readonly events = new EventTable();
  /** Data-warehouse tables by name (seeded; HogQL reads them as `FROM <name>`). */
  readonly warehouse = new Map<string, WarehouseTable>();
  groupTypes: GroupType[] = [];
  metrics: UsageMetric[] = [];
  readonly propertyDefinitions = new Map<string, PropertyDefinition>();
  persons: Person[] = [];
  readonly personsByUuid = new Map<string, Person>();
  readonly personsByDistinctId = new Map<string, Person>();
  activity: ActivityEntry[] = [];
  /** Feature flags and insights (set through the control API): they may keep a cohort from being deleted. */
  flags: FlagStub[] = [];
  insights: InsightStub[] = [];

  constructor(readonly project: Project) {}

  view(typeIndex: number): GroupIndex {
    let view = this.views.get(typeIndex);
    if (!view) {
      view = new GroupIndex();
      this.views.set(typeIndex, view);
    }
    return view;
  }

  group(typeIndex: number, key: string): GroupRecord | undefined {
    return this.groups.get(groupId(typeIndex, key));
  }

  groupType(index: number): GroupType | undefined {
    return this.groupTypes.find((t) => t.index === index);
  }

  addPerson(person: Person): void {
    this.persons.push(person);
    this.personsByUuid.set(person.uuid, person);
    for (const id of person.distinctIds) this.personsByDistinctId.set(id, person);
  }
}

export function groupId(typeIndex: number, key: string): string {
  return `${typeIndex}\u0000${key}`;
}

interface Task {
  dueAt: number;
  seq: number;
  run: (at: number) => void;
}

export class World {
  readonly organizations: Organization[] = [];
  readonly projects = new Map<number, Project>();
  readonly data = new Map<number, ProjectData>();
  readonly users = new Map<number, User>();
  readonly keysByValue = new Map<string, ApiKey>();
  readonly keysById = new Map<string, ApiKey>();
  readonly cohorts = new Map<number, Cohort>();
  events: CapturedEvent[] = [];
  readonly next = { group: 1, cohort: 1, person: 1, event: 1, key: 1, notebook: 1, dashboard: 1 };
  private tasks: Task[] = [];
  private taskSeq = 0;

  constructor(
    readonly settings: Settings,
    readonly clock: Clock,
    readonly seed: number,
  ) {}

  now(): number {
    return this.clock.now();
  }

  project(id: number): ProjectData | undefined {
    return this.data.get(id);
  }

  addProject(project: Project): ProjectData {
    this.projects.set(project.id, project);
    const data = new ProjectData(project);
    this.data.set(project.id, data);
    return data;
  }

  addKey(key: ApiKey): void {
    this.keysByValue.set(key.value, key);
    this.keysById.set(key.id, key);
  }

  /** Runs `run(dueAt)` once the server clock reaches `dueAt` (checked on every request). */
  schedule(dueAt: number, run: (at: number) => void): void {
    this.tasks.push({ dueAt, seq: ++this.taskSeq, run });
  }

  /** Runs due work in time order; called at the start of every request. */
  tick(): void {
    const now = this.now();
    while (true) {
      const due = this.tasks.filter((t) => t.dueAt <= now);
      if (due.length === 0) break;
      due.sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq);
      const first = due[0] as Task;
      this.tasks = this.tasks.filter((t) => t !== first);
      first.run(first.dueAt);
    }
    for (const data of this.data.values()) {
      for (const view of data.views.values()) view.flush(now);
      data.events.flush(now);
    }
  }

  /** Runs every scheduled task and makes every pending write visible, whatever their time. */
  flushAll(): void {
    while (this.tasks.length > 0) {
      this.tasks.sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq);
      const first = this.tasks.shift() as Task;
      first.run(first.dueAt);
    }
    for (const data of this.data.values()) {
      for (const view of data.views.values()) view.flush(Number.POSITIVE_INFINITY);
      data.events.flush(Number.POSITIVE_INFINITY);
    }
  }

  get pendingTasks(): number {
    return this.tasks.length;
  }
}
