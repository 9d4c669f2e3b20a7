// The sidebar's "Accounts and people" calls: members of selected accounts, a cohort of them, a cohort's accounts.

/** The selected cells read as account keys (nothing is sent). */
export interface AccountsSelectionView {
  sheetName: string;
  range: string;
  /** Unique keys in the selection. */
  count: number;
  /** The first few keys. */
  sample: string[];
  /** The group type of a pulled groups sheet; null for any other range (the form's type is used). */
  groupTypeIndex: number | null;
}

/** What a people action did: counts for the status line, and the accounts that had no people. */
export interface PeopleResult {
  accounts: number;
  people: number;
  /** Accounts with no person in the window (at most 20 named). */
  noPeople: string[];
  /** The sheet written, when the action writes one. */
  sheetName?: string;
  /** The cohort filled, when the action fills one. */
  cohortId?: number;
  /** Rows cut at PostHog's 50,000-row answer limit (the message says so). */
  truncated: boolean;
  message: string;
}

/** The window and where the keys come from, shared by the selection actions. */
export interface AccountsInput {
  /** Used when the selection is not in a pulled groups sheet. */
  groupTypeIndex?: number;
  /**
   * Days of events to look at.
   * @default 90
   */
  days?: number;
}

/** What each "Accounts and people" call sends; merged into ServerArgs (src/shared/server-functions.ts). */
export interface PeopleArgs {
  describeAccounts: [];
  /** Pulls into a new sheet the persons who sent events as members of the selected accounts. */
  peopleOfAccounts: [input: AccountsInput];
  /** Creates a static cohort (`name`) of those persons, or adds them to a static one (`cohortId`). */
  cohortFromAccounts: [input: AccountsInput & { name?: string; cohortId?: number }];
  /** Pulls into a new sheet the accounts a cohort's members sent events as, with members and last activity. */
  accountsOfCohort: [input: { cohortId: number; groupTypeIndex: number; days?: number }];
}
