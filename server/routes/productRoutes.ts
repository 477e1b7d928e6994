import { IdParam, NewProduct, ProductDetail, ProductList, ProductListQuery } from '../../shared/api/rest.js';
import { agentRoute } from '../http/route.js';
import { scopeOf } from '../scope/agentScope.js';
import { createProduct } from '../products/createProduct.js';
import { listProducts } from '../products/listProducts.js';
import { productDetail } from '../products/productDetail.js';

export const listProductsRoute = agentRoute({
  method: 'GET',
  url: '/products',
  summary: "The install base in the agent's scope by serial number; filter by customerId or an exact serial; page with cursor and limit",
  query: ProductListQuery,
  response: ProductList,
  handler: ({ caller, query }, { db }) => listProducts(db, scopeOf(caller), query),
});

export const productDetailRoute = agentRoute({
  method: 'GET',
  url: '/products/:id',
  summary: 'A product with its warranty status today (purchase date + the warranty months of its category)',
  errors: [403, 404],
  params: IdParam,
  response: ProductDetail,
  handler: ({ caller, params }, { db }) => productDetail(db, caller, params.id),
});

export const createProductRoute = agentRoute({
  method: 'POST',
  url: '/products',
  summary: "Register a unit for a customer of the agent's branch (serial numbers are unique: 409 for a registered one)",
  status: 201,
  errors: [409],
  body: NewProduct,
  response: ProductDetail,
  handler: async ({ caller, body }, { db, changes }) => {
    const created = await createProduct(db, caller, body);
    changes.publish(created.changes);
    return created.row;
  },
});
