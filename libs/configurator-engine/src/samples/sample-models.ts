import type { ProductModelDocument } from '../model/product-model.schema';
import { bicycleModel } from './bicycle';
import { kitchenCabinetModel } from './kitchen-cabinet';
import { suitModel } from './suit';

/** The demo network's products. Their capabilities stay within those the demo factories have. */
export const sampleModels: ProductModelDocument[] = [bicycleModel, suitModel, kitchenCabinetModel];
