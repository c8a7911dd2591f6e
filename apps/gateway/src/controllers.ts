import { DeadLettersController } from './admin/dead-letters.controller';
import { NetworkController } from './admin/network.controller';
import { ProductModelsController } from './admin/product-models.controller';
import { DocsController } from './docs/docs.controller';
import { OrdersController } from './orders/orders.controller';
import { ProductsController } from './products/products.controller';
import { SupplierController } from './supplier/supplier.controller';

/** Every controller of the gateway: each method binds to an entry of the route table (routes/routes.ts) with `@Route`. */
export const gatewayControllers = [
  ProductsController,
  OrdersController,
  SupplierController,
  ProductModelsController,
  NetworkController,
  DeadLettersController,
  DocsController,
];
