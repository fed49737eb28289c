// The Auth0 Dashboard's page for a user, as Auth0's own CLI builds it
// (`auth0 users open`): https://manage.auth0.com/dashboard/REGION/TENANT/users/ID,
// the region from the tenant's domain (`NAME.REGION.auth0.com`; `NAME.auth0.com`
// is the first US region) and the user_id path-escaped. A custom domain (or a
// local endpoint) does not say the tenant's name or region: no link then.

const canonical = /^([a-z\d][a-z\d-]*)\.(?:([a-z\d-]+)\.)?auth0\.com$/;

/** The Dashboard URL of the user's page, or undefined when the domain does not name the tenant. */
export function dashboardUserUrl(domain: string, userId: string): string | undefined {
	const match = canonical.exec(domain.toLowerCase());
	if (!match) {
		return undefined;
	}

	const [, tenant = '', region = 'us'] = match;
	return `https://manage.auth0.com/dashboard/${region}/${tenant}/users/${encodeURIComponent(userId)}`;
}
