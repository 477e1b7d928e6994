import { CustomerDetail, CustomerList, CustomerSearchQuery, IdParam } from '../../shared/api/rest.js';
import { Customer, NewCustomer } from '../../shared/domain/customer.js';
import { createCustomer } from '../customers/createCustomer.js';
import { customerDetail } from '../customers/customerDetail.js';
import { searchCustomers } from '../customers/searchCustomers.js';
import { agentRoute } from '../http/route.js';
import { scopeOf } from '../scope/agentScope.js';

export const searchCustomersRoute = agentRoute({
  method: 'GET',
  url: '/customers',
  summary: "Search the agent's scope by name, phone number (any format) or product serial number",
  query: CustomerSearchQuery,
  response: CustomerList,
  handler: async ({ caller, query }, { db }) => ({ items: await searchCustomers(db, scopeOf(caller), query.query, query.limit) }),
});

export const customerDetailRoute = agentRoute({
  method: 'GET',
  url: '/customers/:id',
  summary: 'A customer with their products and service orders',
  errors: [403, 404],
  params: IdParam,
  response: CustomerDetail,
  handler: ({ caller, params }, { db }) => customerDetail(db, caller, params.id),
});

export const createCustomerRoute = agentRoute({
  method: 'POST',
  url: '/customers',
  summary: "Register a customer in the agent's branch (the same rules as a seat's pushed create)",
  status: 201,
  errors: [409],
  body: NewCustomer,
  response: Customer,
  handler: async ({ caller, body }, { db, changes }) => {
    const created = await createCustomer(db, caller, body);
    changes.publish(created.changes);
    return created.row;
  },
});
