// users/@me/ (key validation) and projects/ (+ @current, + organisation-scoped list) for project discovery.
import { visibleProjects } from "../auth";
import { errors } from "../errors";
import { json, limitOffsetPage, type Reply } from "../http-util";
import { type Ctx, projectOf } from "../router";
import { organizationJson, projectJson, userJson } from "../serialize";

export function getMe(ctx: Ctx): Reply {
  if (ctx.params.user !== "@me" && ctx.params.user !== ctx.user.uuid) throw errors.notFound();
  return json(200, userJson(ctx.world, ctx.user));
}

export function listProjects(ctx: Ctx): Reply {
  const projects = visibleProjects(ctx.world, { key: ctx.key, user: ctx.user }).map(
    (d) => d.project,
  );
  projects.sort((a, b) => a.id - b.id);
  return json(200, limitOffsetPage(ctx.req, projects.map(projectJson)));
}

export function getProject(ctx: Ctx): Reply {
  const project = projectOf(ctx).project;
  return json(200, {
    ...projectJson(project),
    organization: project.organizationId,
    product_description: null,
    created_at: project.createdAt,
    effective_membership_level: 15,
    // TeamSerializer: the filters `filter_test_accounts` applies (a usage metric's filters may ask for them).
    test_account_filters: project.testAccountFilters ?? [],
    test_account_filters_default_checked: false,
  });
}

export function listOrganizationProjects(ctx: Ctx): Reply {
  const orgParam = ctx.params.organization;
  const orgId =
    orgParam === "@current"
      ? ctx.world.projects.get(ctx.user.currentTeamId ?? -1)?.organizationId
      : orgParam;
  if (!orgId || !ctx.user.organizationIds.includes(orgId))
    throw errors.notFound("Organization not found.");
  if (ctx.key.scopedOrganizations?.length && !ctx.key.scopedOrganizations.includes(orgId)) {
    throw errors.permissionDenied(
      `API key does not have access to the requested organization: ID ${orgId}.`,
    );
  }
  const projects = visibleProjects(ctx.world, { key: ctx.key, user: ctx.user })
    .map((d) => d.project)
    .filter((p) => p.organizationId === orgId)
    .sort((a, b) => a.id - b.id);
  return json(200, limitOffsetPage(ctx.req, projects.map(projectJson)));
}

export function getOrganization(ctx: Ctx): Reply {
  const orgParam = ctx.params.organization;
  const orgId =
    orgParam === "@current"
      ? ctx.world.projects.get(ctx.user.currentTeamId ?? -1)?.organizationId
      : orgParam;
  const org =
    orgId && ctx.user.organizationIds.includes(orgId) ? organizationJson(ctx.world, orgId) : null;
  if (!org) throw errors.notFound();
  return json(200, org);
}
