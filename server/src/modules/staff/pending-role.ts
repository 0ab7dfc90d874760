/**
 * SQL: the role the pending grant request of the account whose id is `staffId` asks for, else null (at most
 * one is pending per account: a unique index). Read with the staff row (Staff.pendingRole) on both executors.
 */
export const pendingRoleSql = (staffId: string) => `(select g.role from grant_request g where g.staff_id = ${staffId} and g.status = 'PENDING')`;
