/** The password of the test cluster's owner and application roles (global-setup.ts makes them once per cluster). */
export const TEST_ROLE_PASSWORD = 'mamori-test-role';
