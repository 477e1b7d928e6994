import { NewProduct, ProductDetail, ProductList, ProductListQuery } from '../../shared/api/rest.js';
import { createProduct } from '../products/createProduct.js';
import { listProducts } from '../products/listProducts.js';
import { productDetail } from '../products/productDetail.js';
import { resourceRoutes } from './scopedRoutes.js';

export const productRoutes = resourceRoutes({
  url: '/products',
  list: {
    summary: "The install base in the agent's scope by serial number; filter by customerId or an exact serial; page with cursor and limit",
    query: ProductListQuery,
    response: ProductList,
    list: listProducts,
  },
  detail: {
    summary: 'A product with its warranty status today (purchase date + the warranty months of its category)',
    response: ProductDetail,
    read: (db, caller, id) => productDetail(db, caller, id),
  },
  create: {
    summary: "Register a unit for a customer of the agent's branch (serial numbers are unique: 409 for a registered one)",
    errors: [409],
    body: NewProduct,
    response: ProductDetail,
    write: createProduct,
  },
});
