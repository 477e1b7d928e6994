import { CustomerDetail, CustomerList, CustomerSearchQuery } from '../../shared/api/rest.js';
import { Customer, NewCustomer } from '../../shared/domain/customer.js';
import { createCustomer } from '../customers/createCustomer.js';
import { customerDetail } from '../customers/customerDetail.js';
import { searchCustomers } from '../customers/searchCustomers.js';
import { resourceRoutes } from './scopedRoutes.js';

export const customerRoutes = resourceRoutes({
  url: '/customers',
  list: {
    summary: "Search the agent's scope by name, phone number (any format) or product serial number",
    query: CustomerSearchQuery,
    response: CustomerList,
    list: async (db, scope, query) => ({ items: await searchCustomers(db, scope, query.query, query.limit) }),
  },
  detail: { summary: 'A customer with their products and service orders', response: CustomerDetail, read: customerDetail },
  create: {
    summary: "Register a customer in the agent's branch (the same rules as a seat's pushed create)",
    errors: [409],
    body: NewCustomer,
    response: Customer,
    write: createCustomer,
  },
});
