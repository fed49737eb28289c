// The Management API call an admin action stands for, as Auth0 records it in
// a sapi / fapi event's details.request and details.response. userdeck writes
// to its store directly, but its log should read as the tenant's would.

export type ApiCall = {method: string; path: string; success: number};

const encode = (id: string) => encodeURIComponent(id);

/** The call for one of userdeck's admin actions on `target` (a user_id, or an email when there is no user), if it has one. */
export function managementApiCall(action: string, target: string): ApiCall | undefined {
	switch (action) {
		case 'create user': {
			return {method: 'post', path: '/api/v2/users', success: 201};
		}

		case 'delete user': {
			return {method: 'delete', path: `/api/v2/users/${encode(target)}`, success: 204};
		}

		case 'block user':
		case 'unblock user':
		case 'update user_metadata':
		case 'change password':
		case 'change email': {
			return {method: 'patch', path: `/api/v2/users/${encode(target)}`, success: 200};
		}

		case 'unlink device': {
			return {method: 'delete', path: '/api/v2/device-credentials', success: 204};
		}

		case 'sign in as user': {
			return {method: 'post', path: `/users/${encode(target)}/impersonate`, success: 200};
		}

		case 'import users':
		case 'import user':
		case 'import user (upsert)': {
			return {method: 'post', path: '/api/v2/jobs/users-imports', success: 201};
		}

		default: {
			return undefined;
		}
	}
}

/** The HTTP status the Management API answers a refused call with, by userdeck's error code. */
export function failureStatus(code: string | undefined): number {
	switch (code) {
		case 'NOT_FOUND': {
			return 404;
		}

		case 'CONFLICT': {
			return 409;
		}

		case 'FORBIDDEN': {
			return 403;
		}

		case 'AUTH': {
			return 401;
		}

		default: {
			return 400;
		}
	}
}
