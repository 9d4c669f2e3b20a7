// Sidebar calls of "Accounts and people": each one line over features/people.
import { describeAccounts } from "../features/people/accounts";
import { accountsOfCohort, cohortFromAccounts, peopleOfAccounts } from "../features/people/people";
import { peopleDeps } from "../platform/root.gas";
import type { AccountsSelectionView, PeopleResult } from "../shared/people-rpc";
import { respond } from "../shared/respond";
import type { RpcResult } from "../shared/rpc";

export const describeAccountsHandler = (): RpcResult<AccountsSelectionView> =>
  respond(() => describeAccounts(peopleDeps()));

export const peopleOfAccountsHandler = (input: unknown): RpcResult<PeopleResult> =>
  respond(() => peopleOfAccounts(peopleDeps(), input));

export const cohortFromAccountsHandler = (input: unknown): RpcResult<PeopleResult> =>
  respond(() => cohortFromAccounts(peopleDeps(), input));

export const accountsOfCohortHandler = (input: unknown): RpcResult<PeopleResult> =>
  respond(() => accountsOfCohort(peopleDeps(), input));
