import { BooleanInput, Create, Edit, NumberInput, required, SimpleForm, TextInput } from 'react-admin';

function ProductForm() {
  return (
    <SimpleForm defaultValues={{ active: true }}>
      <TextInput source="sku" validate={required()} />
      <TextInput source="name" validate={required()} fullWidth />
      <NumberInput source="priceYen" min={0} step={1} validate={required()} />
      <BooleanInput source="active" />
    </SimpleForm>
  );
}

export function ProductEdit() {
  return (
    <Edit mutationMode="pessimistic" actions={false}>
      <ProductForm />
    </Edit>
  );
}

export function ProductCreate() {
  return (
    <Create redirect="list">
      <ProductForm />
    </Create>
  );
}
